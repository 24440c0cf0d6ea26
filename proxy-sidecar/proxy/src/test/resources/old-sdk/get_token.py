# An app on an old Azure SDK: ManagedIdentityCredential, as code written for aad-pod-identity
# uses it. Prints one JSON line for the JUnit test; never prints the token on failure paths.
# Usage: python get_token.py <scope> [client id]
import json
import sys

import azure.identity
from azure.identity import ManagedIdentityCredential

scope = sys.argv[1]
client_id = sys.argv[2] if len(sys.argv) > 2 else None
credential = ManagedIdentityCredential(client_id=client_id) if client_id else ManagedIdentityCredential()
token = credential.get_token(scope)
print(json.dumps({
    "sdk_version": azure.identity.__version__,
    "credential": type(credential._credential).__name__,
    "token": token.token,
    "expires_on": token.expires_on,
}))
