#pragma once

#include <Poco/Net/HTTPServerResponse.h>

#include <memory>
#include <ostream>
#include <streambuf>
#include <string>

namespace crm {

class ServerRequest;

// The answer to one request, written straight to the connection's socket:
// sendBuffer() formats the status line and headers (in the order they were
// set, as POCO's HTTPResponse::write did) and sends them with the body in
// one send. It stands in for POCO's HTTPServerResponseImpl, with its rules:
// a HEAD request's answer keeps its Content-Length and loses its body, and
// so does every 1xx, 204 and 304 written through send().
class ServerResponse : public Poco::Net::HTTPServerResponse {
public:
    explicit ServerResponse(int fd) : fd_(fd) {}
    ~ServerResponse() override;

    void sendContinue() override;
    std::ostream& send() override;
    void sendFile(const std::string& path, const std::string& mediaType) override;
    void sendBuffer(const void* buffer, std::size_t length) override;
    void redirect(const std::string& uri, HTTPStatus status = HTTP_FOUND) override;
    void requireAuthentication(const std::string& realm) override;
    bool sent() const override { return sent_; }

private:
    friend class ServerRequest;
    void attachRequest(const ServerRequest* request) { request_ = request; }

    // The status line, the headers and the blank line after them.
    void appendHead(std::string& out) const;
    bool headOnly() const;

    // What send() returns: up to `left` bytes more to the socket (all of
    // them with left < 0), the rest discarded.
    class BodyWriter : public std::streambuf {
    public:
        BodyWriter(int fd, Poco::Int64 left) : fd_(fd), left_(left) {}

    protected:
        int_type overflow(int_type c) override;
        std::streamsize xsputn(const char* data, std::streamsize size) override;

    private:
        int fd_;
        Poco::Int64 left_;
    };

    int fd_;
    const ServerRequest* request_ = nullptr;
    bool sent_ = false;
    std::unique_ptr<BodyWriter> writer_;
    std::unique_ptr<std::ostream> stream_;
};

}  // namespace crm
