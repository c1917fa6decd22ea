// The dispatch console: the web app in web/ (React, built by CMake with
// npm), served at /console/ with no routes of its own; it speaks only the
// public API, with the token of whoever logs in (docs/console.md).
#include <crm/plugin.hpp>

class ConsolePlugin : public crm::Plugin {
public:
    void registerRoutes(crm::Routes&) override {
        // Vite names what it puts in assets/ by content; index.html answers
        // every app route (/console/board after a reload, say).
        host().serveStatic("/console", "web", "index.html", "assets");
    }
};

CRM_PLUGIN(ConsolePlugin, "console", "1.0.0")
