"""A throwaway certificate authority made with the openssl command in a
folder of the test's, and server certificates it signs. Nothing here is
trusted by the system store, which is the point: a client trusts these
only when told to (SMTP_CA_FILE)."""
import os
import subprocess


def openssl(*args):
    subprocess.run(["openssl"] + list(args), check=True, capture_output=True)


class TestCa:
    def __init__(self, folder):
        self.folder = folder
        self.ca_file = os.path.join(folder, "ca.crt")
        self.ca_key = os.path.join(folder, "ca.key")
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", self.ca_key, "-out", self.ca_file, "-days", "2", "-subj", "/CN=crm-server test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")

    def issue(self, name, alt_names):
        """A server certificate and key for `alt_names` (e.g. "IP:127.0.0.1,DNS:localhost"): (cert, key)."""
        cert, key, request = (os.path.join(self.folder, name + suffix) for suffix in (".crt", ".key", ".csr"))
        extensions = os.path.join(self.folder, name + ".ext")
        with open(extensions, "w") as f:
            f.write("subjectAltName = %s\nextendedKeyUsage = serverAuth\n" % alt_names)
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key, "-out", request, "-subj", "/CN=" + name)
        openssl("x509", "-req", "-in", request, "-CA", self.ca_file, "-CAkey", self.ca_key, "-CAcreateserial",
                "-days", "2", "-out", cert, "-extfile", extensions)
        return cert, key
