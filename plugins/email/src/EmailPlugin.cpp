// Email campaigns (API.md section 8, DESIGN.md section 7). Requests only
// write rows: sending snapshots the audience into email_deliveries in one
// transaction and answers 202; the background sender (CampaignSender) does
// the SMTP work, so a crash loses nothing and a restart resumes.
#include "CampaignSender.h"
#include "HtmlText.h"
#include "UnsubscribeToken.h"

#include <crm/plugin.hpp>

#include <cctype>
#include <memory>
#include <string>

namespace {

using namespace crm::schema;

constexpr const char* kRead = "campaigns:read";
constexpr const char* kWrite = "campaigns:write";

// What a client sends; name and subject are required by POST, not by PATCH.
const Fields kFields = {
    {"name", string().minLength(1).maxLength(255).required()},
    {"subject", string().minLength(1).maxLength(998).required()},
    {"body_html", string().multiline().nullable().maxLength(1000000)},
    {"body_text", string().multiline().nullable().maxLength(1000000)},
    {"audience", object({{"region", string().nullable().minLength(1).maxLength(100)}}).nullable()},
};
const std::vector<std::string> kStatuses = {"draft", "queued", "sending", "sent", "failed", "cancelled"};

// What campaign_json answers, for the OpenAPI document: the Campaign component.
const json::Schema kCampaign = json::record({
    {"id", json::integer()}, {"name", json::string()}, {"subject", json::string()},
    {"body_html", json::string().orNull()}, {"body_text", json::string().orNull()},
    {"audience", json::record({{"region", json::string().orNull()}})}, {"status", json::enumOf(kStatuses)},
    {"recipients_total", json::integer()}, {"sent_count", json::integer()}, {"failed_count", json::integer()},
    {"created_by", json::integer().orNull()}, {"created_at", json::dateTime()}, {"updated_at", json::dateTime()},
    {"queued_at", json::dateTime().orNull()}, {"completed_at", json::dateTime().orNull()},
});
const json::Schema kAnswer = json::ref("Campaign");
const json::Schema kRecipient = json::record({
    {"email", json::string()}, {"customer_id", json::integer().orNull()},
    {"status", json::enumOf({"pending", "sent", "failed", "skipped"})}, {"attempts", json::integer()},
    {"last_error", json::string().orNull()}, {"sent_at", json::dateTime().orNull()},
});
const json::Schema kQueued = json::record({{"status", json::enumOf({"Campaign queued"})}, {"campaign_id", json::integer()},
                                           {"recipients", json::integer()}, {"skipped", json::integer()}});
const json::Schema kUnsubscribed = json::record({{"status", json::enumOf({"unsubscribed"})}, {"email", json::string()}});
// A token-carrying link: the page reads no database, the token is checked by its MAC alone.
const Fields kToken = {{"token", string().maxLength(2048)}};

const crm::SortKeys kSorts("p.id", {{"created_at", "p.created_at"}, {"name", "p.name"}});

crm::Statement listSql(const std::string& orderBy) {
    return crm::Statement(R"SQL(
        WITH matched AS NOT MATERIALIZED (SELECT * FROM email_campaigns c WHERE ($1::text IS NULL OR c.status = $1))
        SELECT coalesce((SELECT json_agg(campaign_json(p) ORDER BY )SQL" + orderBy + R"SQL()
                         FROM (SELECT * FROM matched p ORDER BY )SQL" + orderBy + R"SQL( LIMIT $2 OFFSET $3) p), '[]')::text,
               (SELECT count(*) FROM matched))SQL",
                          {"items", "total"});
}

const crm::Statement kGet{"SELECT campaign_json(c)::text, c.status FROM email_campaigns c WHERE c.id = $1",
                         {"json", "status"}};

const crm::Statement kInsert{R"SQL(
    INSERT INTO email_campaigns AS c (name, subject, body_html, body_text, audience_region, created_by)
    SELECT b->>'name', b->>'subject', b->>'body_html', b->>'body_text', b->'audience'->>'region', $2::integer
    FROM (SELECT $1::jsonb AS b) input
    RETURNING campaign_json(c)::text)SQL", {"json"}};

// Only a draft changes. Answers (json, found, status before).
const crm::Statement kPatch{R"SQL(
    WITH input AS (SELECT $2::jsonb AS b),
    target AS (SELECT id, status FROM email_campaigns WHERE id = $1 FOR UPDATE),
    updated AS (
        UPDATE email_campaigns c SET
            name = CASE WHEN b ? 'name' THEN b->>'name' ELSE c.name END,
            subject = CASE WHEN b ? 'subject' THEN b->>'subject' ELSE c.subject END,
            body_html = CASE WHEN b ? 'body_html' THEN b->>'body_html' ELSE c.body_html END,
            body_text = CASE WHEN b ? 'body_text' THEN b->>'body_text' ELSE c.body_text END,
            audience_region = CASE WHEN b ? 'audience' THEN b->'audience'->>'region' ELSE c.audience_region END,
            updated_at = now()
        FROM input, target
        WHERE c.id = target.id AND target.status = 'draft'
        RETURNING campaign_json(c)::text AS json)
    SELECT (SELECT json FROM updated), EXISTS (SELECT 1 FROM target), (SELECT status FROM target))SQL",
                           {"json", "found", "status"}};

const crm::Statement kDelete{R"SQL(
    WITH target AS (SELECT id, status FROM email_campaigns WHERE id = $1 FOR UPDATE),
    deleted AS (DELETE FROM email_campaigns c USING target WHERE c.id = target.id AND target.status = 'draft' RETURNING c.id)
    SELECT EXISTS (SELECT 1 FROM target), (SELECT status FROM target), EXISTS (SELECT 1 FROM deleted))SQL",
                            {"found", "status", "deleted"}};

// The audience (customers with an email, in the region when one is set,
// one delivery per address) becomes the outbox; suppressed addresses are
// recorded as skipped. Answers (status before, recipients, skipped).
const crm::Statement kSend{R"SQL(
    WITH target AS (SELECT * FROM email_campaigns WHERE id = $1 FOR UPDATE),
    audience AS (
        SELECT DISTINCT ON (lower(c.email)) c.id, c.email, c.name
        FROM customers c, target t
        WHERE t.status = 'draft' AND c.email IS NOT NULL
          AND (t.audience_region IS NULL OR c.region = t.audience_region)
        ORDER BY lower(c.email), c.id),
    inserted AS (
        INSERT INTO email_deliveries (campaign_id, customer_id, email, name, status)
        SELECT $1, a.id, a.email, a.name,
               CASE WHEN EXISTS (SELECT 1 FROM email_suppressions s WHERE s.email = lower(a.email))
                    THEN 'skipped' ELSE 'pending' END
        FROM audience a
        RETURNING status),
    counts AS (SELECT count(*) FILTER (WHERE status = 'pending') AS recipients,
                      count(*) FILTER (WHERE status = 'skipped') AS skipped FROM inserted),
    queued AS (
        UPDATE email_campaigns c SET status = 'queued', queued_at = now(), updated_at = now(),
                                     recipients_total = counts.recipients
        FROM counts WHERE c.id = $1 AND counts.recipients > 0
        RETURNING c.id)
    SELECT (SELECT status FROM target), recipients, skipped FROM counts)SQL",
                          {"status", "recipients", "skipped"}};

const crm::Statement kRecipients{R"SQL(
    WITH matched AS NOT MATERIALIZED (SELECT * FROM email_deliveries d WHERE d.campaign_id = $1 AND ($2::text IS NULL OR d.status = $2))
    SELECT coalesce((SELECT json_agg(json_build_object(
                         'email', p.email, 'customer_id', p.customer_id, 'status', p.status, 'attempts', p.attempts,
                         'last_error', p.last_error, 'sent_at', crm_timestamp(p.sent_at)) ORDER BY p.id)
                     FROM (SELECT * FROM matched p ORDER BY p.id LIMIT $3 OFFSET $4) p), '[]')::text,
           (SELECT count(*) FROM matched),
           EXISTS (SELECT 1 FROM email_campaigns WHERE id = $1))SQL",
                                {"items", "total", "campaign_exists"}};

constexpr const char* kSuppressSql =
    "INSERT INTO email_suppressions (email) VALUES (lower($1)) ON CONFLICT (email) DO NOTHING";

int configInt(const crm::Host& host, const char* key, int fallback) {
    auto value = host.config(key);
    try {
        return value ? std::stoi(std::string(*value)) : fallback;
    } catch (const std::exception&) {
        throw std::runtime_error(std::string(key) + ": expected a whole number");
    }
}

// A typo must not quietly turn TLS off or plaintext AUTH on: anything but
// these words stops start-up.
bool configBool(const crm::Host& host, const char* key, bool fallback) {
    auto value = host.config(key);
    if (!value) return fallback;
    std::string word(*value);
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (word == "true" || word == "1" || word == "yes" || word == "on") return true;
    if (word == "false" || word == "0" || word == "no" || word == "off") return false;
    throw std::runtime_error(std::string(key) + ": expected true or false, got '" + word + "'");
}

}  // namespace

class EmailPlugin : public crm::Plugin {
public:
    void registerRoutes(crm::Routes& routes) override {
        tokens_ = std::make_unique<UnsubscribeToken>(host());
        sender_ = std::make_unique<CampaignSender>(host(), smtpSettings(), *tokens_);

        const Route byId = Route().pathId().answers(200, kAnswer);
        routes.add("GET", "/email-campaigns", kRead,
                   Route().component("Campaign", kCampaign).items(kAnswer).paginated().sort(kSorts)
                       .query({{"status", enumOf(kStatuses)}}),
                   &EmailPlugin::list, "List campaigns");
        routes.add("POST", "/email-campaigns", kWrite, Route().answers(201, kAnswer).body(kFields), &EmailPlugin::create,
                   "Create a draft campaign");
        routes.add("GET", "/email-campaigns/{id}", kRead, byId, &EmailPlugin::get, "Get a campaign");
        routes.add("PATCH", "/email-campaigns/{id}", kWrite, Route(byId).body(kFields.partial()), &EmailPlugin::patch,
                   "Change a draft campaign");
        routes.add("DELETE", "/email-campaigns/{id}", kWrite, Route().status(204).pathId(), &EmailPlugin::remove,
                   "Delete a draft campaign");
        routes.add("POST", "/email-campaigns/{id}/send", kWrite, Route().answers(202, kQueued).pathId(), &EmailPlugin::send,
                   "Queue a draft campaign for sending");
        routes.add("GET", "/email-campaigns/{id}/recipients", kRead,
                   Route().items(kRecipient).pathId().paginated()
                       .query({{"status", enumOf({"pending", "sent", "failed", "skipped"})}}),
                   &EmailPlugin::recipients, "Each recipient's delivery status");
        routes.add("GET", "/email/unsubscribe", CRM_PUBLIC,
                   Route().mediaType("text/html").withoutDatabase().answers(200, json::string()).answers(400, json::error())
                       .query(kToken),
                   &EmailPlugin::unsubscribePage,
                   "A page with one button that unsubscribes the address a signed token names");
        routes.add("POST", "/email/unsubscribe", CRM_PUBLIC,
                   Route().form().answers(200, kUnsubscribed).answers(400, json::error()).query(kToken)
                       .body({{"List-Unsubscribe", string().maxLength(100)}}),
                   &EmailPlugin::unsubscribe, "One-click unsubscribe (RFC 8058)");
        job("email-sender", &EmailPlugin::sendStep, static_cast<unsigned>(configInt(host(), "email.poll_ms", 1000)));
    }

private:
    SmtpSettings smtpSettings() const {
        SmtpSettings s;
        s.host = std::string(host().config("smtp.host").value_or(""));
        s.port = configInt(host(), "smtp.port", 25);
        s.user = std::string(host().config("smtp.user").value_or(""));
        s.password = std::string(host().config("smtp.password").value_or(""));
        s.from = std::string(host().config("smtp.from").value_or("crm-server@localhost"));
        s.starttls = configBool(host(), "smtp.starttls", false);
        s.caFile = std::string(host().config("smtp.ca_file").value_or(""));
        s.allowPlaintextAuth = configBool(host(), "smtp.allow_plaintext_auth", false);
        s.ratePerSecond = configInt(host(), "email.rate_per_second", 10);
        if (s.ratePerSecond < 1) s.ratePerSecond = 1;
        s.maxAttempts = configInt(host(), "email.max_attempts", 5);
        s.retryBaseSeconds = configInt(host(), "email.retry_base_seconds", 30);
        s.publicUrl = std::string(host().config("email.public_url").value_or(
            "http://localhost:" + std::string(host().config("http.port").value_or("5001"))));
        if (s.host.empty()) {
            host().log(CRM_LOG_WARNING, "SMTP_HOST is not set: campaigns are queued but not sent");
            return s;
        }
        if (!s.starttls && !s.caFile.empty())
            host().log(CRM_LOG_WARNING, "SMTP_CA_FILE is set but SMTP_STARTTLS is not: mail goes to the relay in clear");
        if (s.port == 465)
            host().log(CRM_LOG_WARNING, "SMTP_PORT 465 expects TLS from the first byte (implicit TLS), which this server "
                                        "does not speak; use the relay's port 587 with SMTP_STARTTLS=true");
        return s;
    }

    int sendStep() { return sender_->step(); }

    void list(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        auto statement = listSql(kSorts.orderBy(request.sort("-created_at")));
        response.page(request, db.page(request, statement, {request.query("status")}));
    }

    void get(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        response.json(db.one(kGet, {request.pathId("id")}, "Campaign not found").text("json"));
    }

    void create(const crm::Request& request, crm::Response& response) {
        if (!request.bodyHas("body_html") && !request.bodyHas("body_text"))
            throw crm::Invalid("body", "", "Give body_html, body_text or both", "value_error");
        crm::Db db(host());
        try {
            response.json(db.one(kInsert, {request.body(), request.principal().userId}).text("json"), 201);
        } catch (const crm::DatabaseError& e) {
            if (e.sqlstate() != "23514") throw;  // both bodies null
            throw crm::Invalid("body", "", "Give body_html, body_text or both", "value_error");
        }
    }

    void patch(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        auto row = [&] {
            try {
                return db.one(kPatch, {request.pathId("id"), request.body()});
            } catch (const crm::DatabaseError& e) {
                if (e.sqlstate() != "23514") throw;
                throw crm::Invalid("body", "", "A campaign needs body_html, body_text or both", "value_error");
            }
        }();
        if (!row.boolean("found")) throw crm::NotFound("Campaign not found");
        if (row.isNull("json")) throw notDraft(request.pathId("id"), row.text("status"), "edited");
        response.json(row.text("json"));
    }

    void remove(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        auto row = db.one(kDelete, {request.pathId("id")});
        if (!row.boolean("found")) throw crm::NotFound("Campaign not found");
        if (!row.boolean("deleted")) throw notDraft(request.pathId("id"), row.text("status"), "deleted");
        response.noContent();
    }

    void send(const crm::Request& request, crm::Response& response) {
        int64_t id = request.pathId("id");
        crm::Db db(host());
        crm::Transaction tx(db);
        auto row = db.one(kSend, {id});
        if (row.isNull("status")) throw crm::NotFound("Campaign not found");
        std::string status = row.text("status");
        if (status != "draft") throw crm::Conflict("Campaign " + std::to_string(id) + " is " + status + ", not draft; it can be sent only once");
        int64_t recipients = row.integer("recipients"), skipped = row.integer("skipped");
        if (recipients == 0)
            throw crm::Conflict("Campaign " + std::to_string(id) + " has nobody to send to: no customer in its audience has an email address that has not unsubscribed");
        tx.commit();
        response.json("{\"status\": \"Campaign queued\", \"campaign_id\": " + std::to_string(id) + ", \"recipients\": " +
                          std::to_string(recipients) + ", \"skipped\": " + std::to_string(skipped) + "}",
                      202);
    }

    void recipients(const crm::Request& request, crm::Response& response) {
        crm::Db db(host());
        auto row = db.page(request, kRecipients, {request.pathId("id"), request.query("status")});
        if (!row.boolean("campaign_exists")) throw crm::NotFound("Campaign not found");
        response.page(request, row);
    }

    std::string addressOf(const crm::Request& request) const {
        auto token = request.query("token");
        if (!token || token->empty()) throw crm::HttpError(400, "The unsubscribe link has no token; use the link from the email");
        auto email = tokens_->verify(std::string(*token));
        if (!email) throw crm::HttpError(400, "The unsubscribe link is invalid or damaged; use the link from the email");
        return *email;
    }

    // GET changes nothing: mail scanners follow every link in a message.
    void unsubscribePage(const crm::Request& request, crm::Response& response) {
        std::string email = addressOf(request);
        std::string action = "?token=" + std::string(*request.query("token"));
        response.header("Content-Type", "text/html; charset=utf-8");
        response.header("Cache-Control", "no-store");
        response.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        response.header("Referrer-Policy", "no-referrer");
        response.json(::unsubscribePage(email, action));
    }

    void unsubscribe(const crm::Request& request, crm::Response& response) {
        std::string email = addressOf(request);
        crm::Db db(host());
        db.query(kSuppressSql, {email});
        response.json("{\"status\": \"unsubscribed\", \"email\": " + crm::quote(email) + "}");
    }

    static crm::Conflict notDraft(int64_t id, const std::string& status, const char* what) {
        return crm::Conflict("Campaign " + std::to_string(id) + " is " + status + "; only draft campaigns can be " + what);
    }

    std::unique_ptr<UnsubscribeToken> tokens_;
    std::unique_ptr<CampaignSender> sender_;
};

CRM_PLUGIN(EmailPlugin, "email", "1.0.0")
