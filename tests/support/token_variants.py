"""Authorization header values for a sweep: the valid admin and viewer
tokens, spellings of a valid token the server may or may not accept, and
values that must never authenticate (missing, garbage, forged)."""
import forged_tokens


class TokenVariants:
    def __init__(self, admin, viewer, refresh, secret):
        self.admin = "Bearer " + admin
        self.viewer = "Bearer " + viewer
        self.invalid = [
            ("none", None), ("empty", ""), ("scheme-only", "Bearer"), ("scheme-space", "Bearer "),
            ("garbage", "Bearer garbage"), ("basic", "Basic YWRtaW46cGFzc3dvcmQ="), ("other-scheme", "Token " + admin),
            ("no-scheme", admin), ("suffix", "Bearer " + admin + "x"), ("long", "Bearer " + "A" * 8000),
            ("nul", "Bearer " + admin[:20] + "\x00" + admin[20:]), ("refresh-as-access", "Bearer " + refresh),
            ("dots", "Bearer .."), ("two-tokens", "Bearer %s %s" % (admin, admin)),
        ] + [("forged-" + label, "Bearer " + token) for label, token in forged_tokens.forged(admin, secret)]
        # The scheme is case-insensitive (RFC 9110), whitespace may be
        # trimmed, and the server's own key signed the odd ones: these may
        # authenticate, so they go only where a valid token may.
        self.valid_like = [("lower-scheme", "bearer " + admin), ("upper-scheme", "BEARER " + admin),
                           ("double-space", "Bearer  " + admin), ("trailing-space", "Bearer " + admin + " "),
                           ("tab", "Bearer\t" + admin)] + \
            [("signed-" + label, "Bearer " + token) for label, token in forged_tokens.odd_but_signed(admin, secret)]

    def others(self):
        """Every token but the admin's that any case may carry, in a fixed order."""
        return [("viewer", self.viewer)] + self.invalid

    def rotating(self, index, policy):
        """The second token a case is sent with: one of the others, by turns."""
        choices = self.invalid if policy == "invalid-only" else self.others()
        return choices[index % len(choices)]
