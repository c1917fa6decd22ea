#pragma once

#include "http/ChunkedBody.h"
#include "http/ConnectionInput.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <istream>
#include <memory>
#include <streambuf>

namespace crm {

class ServerResponse;

// A request read from a connection's input: its head by readRequestHead,
// its body, when the pipeline asks for it, through a stream made then (a
// request without a body costs no stream). It stands in for POCO's
// HTTPServerRequestImpl with the same framing rules: a chunked body is
// decoded by ChunkedBody, a Content-Length one is read to that length, a
// GET, HEAD or DELETE without either has none, and any other request
// without either reads until the client closes.
class ServerRequest : public Poco::Net::HTTPServerRequest {
public:
    // Reads the head; throws as POCO's parser did (NoMessageException,
    // MessageException, also for a Content-Length that is not a number).
    ServerRequest(ServerResponse& response, ConnectionInput& in, const Poco::Net::HTTPServerParams& params,
                  const Poco::Net::SocketAddress& client, const Poco::Net::StreamSocket& socket);
    ~ServerRequest() override;

    std::istream& stream() override;
    const Poco::Net::SocketAddress& clientAddress() const override { return client_; }
    const Poco::Net::SocketAddress& serverAddress() const override;
    const Poco::Net::HTTPServerParams& serverParams() const override { return params_; }
    Poco::Net::HTTPServerResponse& response() const override;
    bool secure() const override { return false; }

private:
    // A body of a known length (or, with length < 0, up to the client's
    // close), read from the connection's input.
    class FixedBody : public std::streambuf {
    public:
        FixedBody(ConnectionInput& in, Poco::Int64 length) : in_(in), left_(length) {}

    protected:
        int_type underflow() override;

    private:
        ConnectionInput& in_;
        Poco::Int64 left_;
        char buffer_[8192];
    };

    ServerResponse& response_;
    ConnectionInput& in_;
    const Poco::Net::HTTPServerParams& params_;
    const Poco::Net::SocketAddress& client_;
    const Poco::Net::StreamSocket& socket_;
    mutable Poco::Net::SocketAddress server_;  // asked of the socket only if someone asks
    mutable bool serverKnown_ = false;
    std::unique_ptr<std::streambuf> body_;
    std::unique_ptr<std::istream> stream_;
};

}  // namespace crm
