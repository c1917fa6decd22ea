#pragma once

// The statements of PUT and PATCH /work-orders/{id}. Their parameters are
// always $1 the id, $2 the body (as b), $3 true for PUT, $4 If-Match and $5
// a technician-role caller's user id.
#include <crm/plugin.hpp>

#include <array>
#include <memory>
#include <mutex>

// The JSON of the row a write CTE returned. It is built from the RETURNING
// row itself: a statement does not see its own writes in the table, so
// work_orders_text(), which reads the table, would miss or show them stale.
#define WRITTEN_ROW_EMBEDS                                                      \
    " JOIN customers c ON c.id = r.customer_id"                                \
    " LEFT JOIN technicians t ON t.id = r.assigned_technician_id"
#define EMBED_WRITTEN_ROW(CTE) "(SELECT work_order_text(r, c, t) FROM " CTE " r" WRITTEN_ROW_EMBEDS ")"

class WorkOrderWrites {
public:
    // The write as most requests make it, setting only the columns of the
    // keys the body holds (every column for PUT), with a condition on $4
    // and $5 only when they are given: (json, etag) of the changed row, or
    // no row when nothing was written, which diagnosed() then explains.
    const crm::Statement& written(const crm::Request& request, bool replace, bool ifMatch, bool own);

    // The same write for any body, with its diagnostics: (json, etag,
    // customer_ok, technician_ok, found, fresh, allowed). It writes if the
    // row changed since so that it now may; found/fresh/allowed describe the
    // row as this statement found it and only explain a write that did not
    // happen.
    static const crm::Statement& diagnosed();

private:
    // A bit for each of the 9 columns, for If-Match and for the caller's own.
    static constexpr std::size_t kKeyBits = 11;
    std::mutex mutex_;
    // Made on first use, one per set of keys: about 520 can occur (PATCH
    // never sets customer_id, a technician sets only status and notes),
    // each prepared on a database session when first run there.
    std::array<std::unique_ptr<const crm::Statement>, 1u << kKeyBits> written_;
};
