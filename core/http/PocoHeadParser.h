#pragma once

#include "http/ConnectionInput.h"

namespace Poco::Net {
class HTTPRequest;
}

namespace crm {

// Reads one request head from `in` into `request` (method, target, version,
// headers in their order) exactly as POCO 1.11's HTTPServerRequestImpl did
// through its header stream, without an istream: the same bytes consumed,
// the same limits (a 32-byte method, a 16 KiB target, an 8-byte version,
// 256-byte names, 8 KiB values, 100 fields), folded lines joined, a line
// without a colon skipped, RFC 2047 words decoded, and the same exceptions
// (NoMessageException when the input ends first, MessageException for a
// malformed head). The listener already found where the head ends; this
// builds the request from those bytes in one pass, where POCO's istream
// cost a virtual call per byte (docs/connections.md).
void readRequestHead(ConnectionInput& in, Poco::Net::HTTPRequest& request);

}  // namespace crm
