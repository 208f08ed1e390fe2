"""Proves gRPC server reflection the way grpcurl and grpcui use it: a client that has never seen
this project's .proto files asks each server which services it has, builds their message types
from the descriptors it gets back, and calls a method of each with a request written as JSON.

    FINANCING_TOKEN=... reflection_client.py COMMANDS_ADDRESS QUERIES_ADDRESS
                                                e.g. 127.0.0.1:8080 127.0.0.1:8081

Reflection and health answer without a token; the methods need one (an operator's, in
FINANCING_TOKEN) and must refuse the same call without it. Prints one line per check; exits 1
if any failed.
"""

import os
import sys

import grpc
from google.protobuf import descriptor_pool, json_format, message_factory
from grpc_reflection.v1alpha import reflection_pb2
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

REFLECTION = ["grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"]
HEALTH = "grpc.health.v1.Health"
# Per server: its service, then calls of it (method, JSON request, expected code, text the
# message must contain) that only a correctly built request can get.
SERVERS = {
    "commands": (
        "financing.v1.Commands",
        [("GetCommandStatus", '{"command_id": "not-a-uuid"}', grpc.StatusCode.INVALID_ARGUMENT, "command_id")],
    ),
    "queries": (
        "financing.v1.Queries",
        [
            ("AllIssuers", '{"page_size": 1}', grpc.StatusCode.OK, ""),
            ("GetInvoice", '{"invoice_id": "00000000-0000-4000-8000-000000000000"}', grpc.StatusCode.NOT_FOUND, ""),
        ],
    ),
}
TOKEN = os.environ.get("FINANCING_TOKEN", "")
failures = 0


def check(ok, what):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures += 1


def call(channel, method, request_json, token):
    request_type = message_factory.GetMessageClass(method.input_type)
    response_type = message_factory.GetMessageClass(method.output_type)
    rpc = channel.unary_unary(
        f"/{method.containing_service.full_name}/{method.name}",
        request_serializer=request_type.SerializeToString,
        response_deserializer=response_type.FromString,
    )
    request = json_format.Parse(request_json, request_type())
    try:
        rpc(request, timeout=30, metadata=[("authorization", f"Bearer {token}")] if token else None)
        return grpc.StatusCode.OK, ""
    except grpc.RpcError as error:
        return error.code(), error.details() or ""


def v1_lists(channel):
    """The v1 name, asked with the v1alpha messages: the two versions share one wire format."""
    stream = channel.stream_stream(
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
    )
    responses = list(stream(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=30))
    return sorted(s.name for r in responses for s in r.list_services_response.service)


def probe(name, address):
    service_name, calls = SERVERS[name]
    with grpc.insecure_channel(address) as channel:
        database = ProtoReflectionDescriptorDatabase(channel)
        services = sorted(database.get_services())
        expected = sorted([service_name, HEALTH, *REFLECTION])
        check(services == expected, f"{name} {address}: v1alpha lists {services}")
        v1 = v1_lists(channel)
        check(v1 == expected, f"{name} {address}: v1 lists {v1}")
        pool = descriptor_pool.DescriptorPool(database)
        service = pool.FindServiceByName(service_name)
        methods = sorted(m.name for m in service.methods)
        check(bool(methods), f"{name}: {service_name} described with methods {methods}")
        for method_name, request_json, code, text in calls:
            method = service.methods_by_name[method_name]
            got, details = call(channel, method, request_json, TOKEN)
            check(
                got == code and text in details,
                f"{name}: {method_name} {request_json} -> {got.name} {details!r} (expected {code.name})",
            )
            got, _ = call(channel, method, request_json, None)
            check(got == grpc.StatusCode.UNAUTHENTICATED, f"{name}: {method_name} without a token -> {got.name}")


def main():
    if len(sys.argv) != 3 or not TOKEN:
        sys.exit(__doc__.strip())
    for name, address in zip(SERVERS, sys.argv[1:]):
        try:
            probe(name, address)
        except Exception as error:  # noqa: BLE001  (a check that cannot run is a failed check)
            check(False, f"{name} {address}: {type(error).__name__}: {error}")
    print(f"reflection client: {failures} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
