#pragma once

namespace crm {

// A request's thread that is about to wait for something other than a core
// (a database session, a password hash, a client's bytes) steps aside for
// the wait: the request stops counting as running, so another one may run
// meanwhile. The server runs only as many requests at once as it has
// database sessions (docs/connections.md): more runners than sessions only
// queue for them, and every runner woken to queue costs context switches
// and stretches the tail.
//
// The slots belong to the request workers; on any other thread (the email
// outbox, a background job, a test) stepping aside does nothing.
class WaitAside {
public:
    // Running slots: leave() when a request's thread starts waiting,
    // rejoin() when it stops.
    class Slots {
    public:
        virtual void leave() = 0;
        virtual void rejoin() = 0;

    protected:
        ~Slots() = default;
    };

    // The slots this thread's requests run in (nullptr: none).
    static void bindThread(Slots* slots);

    WaitAside();
    ~WaitAside();
    WaitAside(const WaitAside&) = delete;
    WaitAside& operator=(const WaitAside&) = delete;

private:
    bool stepped_;
};

}  // namespace crm
