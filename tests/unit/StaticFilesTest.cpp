#include "api/HttpError.h"
#include "http/StaticFiles.h"

#include <cppunit/extensions/HelperMacros.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

using crm::HttpError;
using crm::Response;
using crm::StaticFiles;
using crm::StaticMount;
namespace fs = std::filesystem;

// The registry's rules on real folders: overlaps and /api refused at
// registration; what a request may reach, and what it answers, per path.
class StaticFilesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StaticFilesTest);
    CPPUNIT_TEST(overlappingMountsAreRefused);
    CPPUNIT_TEST(mountsUnderApiOrMalformedAreRefused);
    CPPUNIT_TEST(aMissingFolderOrFallbackIsRefused);
    CPPUNIT_TEST(aFileIsServedWithItsTypeAndTag);
    CPPUNIT_TEST(aMatchingTagIsA304);
    CPPUNIT_TEST(nothingOutsideTheFolderIsReached);
    CPPUNIT_TEST(onlyPathsWithoutExtensionFallBack);
    CPPUNIT_TEST_SUITE_END();

    fs::path root;
    fs::path outside;

    static void write(const fs::path& file, const std::string& text) {
        fs::create_directories(file.parent_path());
        std::ofstream(file) << text;
    }

    StaticMount mount(const std::string& url, const std::string& fallback = "") const {
        return {url, (root / "app").string(), fallback, "assets", "test"};
    }

    static int statusOf(const StaticFiles& files, const std::string& path) {
        Response response;
        try {
            files.serve(*files.mountFor(path), "GET", path, "", response);
        } catch (const HttpError& e) {
            return e.status();
        }
        return response.status;
    }

public:
    void setUp() override {
        char pattern[] = "/tmp/crm-static-XXXXXX";
        root = mkdtemp(pattern);
        write(root / "app" / "index.html", "<p>app</p>");
        write(root / "app" / "assets" / "app-1a2b.js", "run()");
        write(root / "app" / ".env", "SECRET=1");
        write(root / "secret.txt", "outside");
        fs::create_symlink(root / "secret.txt", root / "app" / "assets" / "link.js");
        fs::create_symlink(root, root / "app" / "up");
    }
    void tearDown() override { fs::remove_all(root); }

    void overlappingMountsAreRefused() {
        StaticFiles files;
        files.add(mount("/console"));
        CPPUNIT_ASSERT_THROW(files.add(mount("/console")), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(files.add(mount("/console/admin")), std::invalid_argument);
        StaticFiles inner;
        inner.add(mount("/console/admin"));
        CPPUNIT_ASSERT_THROW(inner.add(mount("/console")), std::invalid_argument);
        files.add(mount("/consoles"));  // a longer name is not inside /console
    }

    void mountsUnderApiOrMalformedAreRefused() {
        StaticFiles files;
        for (const char* url : {"/api", "/api/v2/app", "console", "/console/", "/", "//x", "/a/.hidden"})
            CPPUNIT_ASSERT_THROW_MESSAGE(url, files.add(mount(url)), std::invalid_argument);
        CPPUNIT_ASSERT(files.mounts().empty());
    }

    void aMissingFolderOrFallbackIsRefused() {
        StaticFiles files;
        CPPUNIT_ASSERT_THROW(files.add({"/x", (root / "none").string(), "", "", "test"}), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(files.add(mount("/x", "missing.html")), std::invalid_argument);
    }

    void aFileIsServedWithItsTypeAndTag() {
        StaticFiles files;
        files.add(mount("/app"));
        Response response;
        files.serve(*files.mountFor("/app/assets/app-1a2b.js"), "HEAD", "/app/assets/app-1a2b.js", "", response);
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("run()"), response.body);
        bool typed = false, tagged = false;
        for (const auto& [name, value] : response.headers) {
            typed = typed || (name == "Content-Type" && value == "text/javascript; charset=utf-8");
            tagged = tagged || (name == "ETag" && value.size() > 4);
        }
        CPPUNIT_ASSERT(typed && tagged);
    }

    void aMatchingTagIsA304() {
        StaticFiles files;
        files.add(mount("/app"));
        Response first;
        files.serve(*files.mountFor("/app/"), "GET", "/app/", "", first);
        std::string tag;
        for (const auto& [name, value] : first.headers)
            if (name == "ETag") tag = value;
        Response again;
        files.serve(*files.mountFor("/app/"), "GET", "/app/", "\"other\", W/" + tag, again);
        CPPUNIT_ASSERT_EQUAL(304, again.status);
        CPPUNIT_ASSERT(again.body.empty());
    }

    void nothingOutsideTheFolderIsReached() {
        StaticFiles files;
        files.add(mount("/app", "index.html"));
        for (const char* path : {"/app/../secret.txt", "/app/assets/../../secret.txt", "/app/.env", "/app/assets/link.js",
                                 "/app/up/secret.txt", "/app/assets//app-1a2b.js", "/app/assets\\..\\..\\secret.txt"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 404, statusOf(files, path));
        CPPUNIT_ASSERT_EQUAL(308, statusOf(files, "/app"));
        Response response;
        CPPUNIT_ASSERT_THROW(files.serve(*files.mountFor("/app/"), "POST", "/app/", "", response), HttpError);
    }

    void onlyPathsWithoutExtensionFallBack() {
        StaticFiles files;
        files.add(mount("/app", "index.html"));
        CPPUNIT_ASSERT_EQUAL(200, statusOf(files, "/app/board/2027-04-19"));
        CPPUNIT_ASSERT_EQUAL(404, statusOf(files, "/app/assets/missing.js"));
        CPPUNIT_ASSERT(files.mountFor("/application") == nullptr);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StaticFilesTest);
