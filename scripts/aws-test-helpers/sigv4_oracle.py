#!/usr/bin/env python3
"""Signs a batch of requests with botocore, the reference the Swift SigV4 signer is checked against.

Usage: sigv4_oracle.py CASES.json   (prints a JSON list of results, one per case, same order)

Each case: id, kind ("header" or "presign"), method, scheme, host, port (or null), base_path,
path (unencoded), query ([[name, value], ...], unencoded), headers ({name: value}), body_b64,
region, service, access_key, secret_key, token (or null), timestamp ("YYYYmmddTHHMMSSZ"), expires.

The URL is built the way botocore builds it for a REST call (path encoded with safe "/~", query
with botocore.utils.percent_encode_sequence), so the Swift side's URL encoding is checked as well.
"""
import base64
import datetime
import json
import sys

import botocore.auth
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode, percent_encode_sequence


def capture(cls):
    """A subclass of a botocore signer that remembers the canonical request it signed."""

    class Capturing(cls):
        def string_to_sign(self, request, canonical_request):
            self.captured_canonical = canonical_request
            return super().string_to_sign(request, canonical_request)

    return Capturing


def build_url(case):
    netloc = case["host"]
    if case.get("port") is not None:
        netloc += ":%d" % case["port"]
    url = "%s://%s%s%s" % (case["scheme"], netloc, case.get("base_path", ""), percent_encode(case["path"], safe="/~"))
    query = [(k, v) for k, v in case.get("query", [])]
    if query:
        url += "?" + percent_encode_sequence(query)
    return url


def sign(case):
    fixed = datetime.datetime.strptime(case["timestamp"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda *args, **kwargs: fixed
    creds = Credentials(case["access_key"], case["secret_key"], case.get("token"))
    body = base64.b64decode(case.get("body_b64", ""))
    url = build_url(case)
    request = AWSRequest(method=case["method"], url=url, headers=dict(case.get("headers", {})), data=body)
    if case["kind"] == "presign":
        signer = capture(S3SigV4QueryAuth)(creds, case["service"], case["region"], expires=case["expires"])
        signer.add_auth(request)
        return {"id": case["id"], "url": request.url, "canonical_request": signer.captured_canonical}
    cls = S3SigV4Auth if case["service"] == "s3" else SigV4Auth
    signer = capture(cls)(creds, case["service"], case["region"])
    signer.add_auth(request)
    return {
        "id": case["id"],
        "url": request.url,
        "authorization": request.headers["Authorization"],
        "canonical_request": signer.captured_canonical,
        "headers": {k: v for k, v in request.headers.items()},
    }


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    json.dump([sign(c) for c in cases], sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
