#pragma once

#include "crm/abi.h"

// The host functions that guard the server's secrets from plugins: reading
// configuration (own namespace and declared keys only) and signing with
// derived keys (ABI 1.2). The rest of the table is in HostApi.cpp.
namespace crm::hostapi {

int configGet(crm_host* host, crm_str key, crm_str* value);
int macSign(crm_host* host, crm_str purpose, crm_str message, char* mac);
int macVerify(crm_host* host, crm_str purpose, crm_str message, crm_str mac, int* valid);

}  // namespace crm::hostapi
