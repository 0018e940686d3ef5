using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Tandem.Web.Tests.Trust;

/// <summary>One hostile call: who makes it, to where, with what body and headers.</summary>
public sealed record HostileCall(int Actor, string Path, string? Body, string ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public override string ToString() =>
        $"actor {Actor} {Path} [{ContentType}] headers {string.Join("; ", Headers.Select(h => $"{h.Key}: {Trim(h.Value)}"))} body {Trim(Body ?? "(none)")}";

    private static string Trim(string value) => value.Length > 200 ? value[..200] + $"…({value.Length} chars)" : value;
}

/// <summary>
/// FsCheck generators of hostile input for one operation of the OpenAPI document: path values
/// (the world's real ids, other ids, junk), query strings, bodies generated from the operation's
/// schema and then broken (wrong types, nulls, huge or nasty strings, invalid JSON, other content
/// types, no body) and odd headers.
/// </summary>
public static class HostileInput
{
    public static readonly string[] Nasty =
    [
        "", " ", "null", "0", "-1", "2147483648", "-9223372036854775809", "1e309", "NaN", "true", "[]", "{}",
        "' OR '1'='1", "\"; DROP TABLE requests; --", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
        "../../../etc/passwd", "%00", "\0", "\u202Egnp.exe", "😀🙈", "ｅｖｉｌ", "{{7*7}}", "${jndi:ldap://x/a}",
        "2026-02-30", "2026-13", "2026-Q5", "2026-W60", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "24:61:61",
        "00000000-0000-0000-0000-000000000000", "not-a-guid", "\ud800", "é\u0301", new string('x', 5001), new string('z', 70_000),
    ];

    private static Gen<string> Junk =>
        Gen.Frequency(
            (6, Gen.Elements(Nasty)),
            (2, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty)),
            (1, Gen.Fresh(() => Guid.NewGuid().ToString())));

    public static Gen<HostileCall> For(string method, string pathTemplate, JsonElement operation, JsonElement document, Func<string, string> worldValue, int actors)
    {
        var pathParameters = Parameters(operation, "path").ToList();
        var queryParameters = Parameters(operation, "query").ToList();
        var schema = BodySchema(operation);

        var path = pathParameters.Aggregate(
            Gen.Constant(pathTemplate),
            (gen, name) => gen.SelectMany(p => Gen.Frequency(
                    (7, Gen.Constant(worldValue(name))),
                    (2, Gen.Fresh(() => Guid.NewGuid().ToString())),
                    // A NUL in the path is refused by the server before the app sees it (and the test host throws on it).
                    (1, Junk.Where(v => !v.Contains('\0', StringComparison.Ordinal)).Select(Uri.EscapeDataString)))
                .Select(v => p.Replace("{" + name + "}", v.Length == 0 ? "x" : v, StringComparison.Ordinal))));

        var query = queryParameters.Aggregate(
            Gen.Constant(new List<string>()),
            (gen, name) => gen.SelectMany(list => Gen.Frequency((1, Gen.Constant<string?>(null)), (2, Junk.Select(v => (string?)v)))
                .Select(v => v is null ? list : [.. list, $"{name}={Uri.EscapeDataString(v)}"])));
        var extraQuery = Gen.Frequency((4, Gen.Constant(string.Empty)), (1, Gen.Elements("handler=Confirm", "%ZZ=1", "a=" + new string('q', 3000), "from=2026-01-01&from=2027-01-01")));

        var body = method is "POST" or "PUT" or "PATCH"
            ? Gen.Frequency(
                (7, (schema is { } s ? Value(s, document, 0) : Gen.Constant<JsonNode?>(new JsonObject())).Select(n => (n?.ToJsonString() ?? "null", "application/json"))),
                (1, Gen.Elements("{", "[", "{\"a\":", "\"\\ud800\"", new string('[', 5000) + new string(']', 5000), "{\"themes\": \"stress\"}", "null", "[1,2,3]").Select(b => (b, "application/json"))),
                (1, Gen.Elements(("<a/>", "application/xml"), ("a=b&c=", "application/x-www-form-urlencoded"), ("junk", "text/plain"), ("\u0000\u0001", "application/octet-stream"))),
                (1, Gen.Constant((string.Empty, "application/json"))))
            : Gen.Constant((string.Empty, string.Empty));

        var headers = Gen.ListOf(Gen.Elements(
                "Accept-Language", "X-Forwarded-For", "X-Forwarded-Proto", "Accept", "Authorization", "Cookie", "If-None-Match", "Range", "Content-Language", "Origin")
            .SelectMany(name => Gen.Elements("xx-ÿÿ;q=abc", "999.1.1.1", "not-an-ip, ::1", "*/*;q=abc", "Bearer garbage", "tandem-session=garbage; tandem-space=x", "bytes=9-1", new string('h', 8000), "fr-FR", "https://evil.example")
                .Select(value => new KeyValuePair<string, string>(name, value))))
            .Select(list => (IReadOnlyList<KeyValuePair<string, string>>)list.Take(3).ToList());

        return from actor in Gen.Choose(0, actors - 1)
               from p in path
               from q in query
               from extra in extraQuery
               from b in body
               from h in headers
               let all = extra.Length == 0 ? q : [.. q, extra]
               select new HostileCall(actor, all.Count == 0 ? p : p + "?" + string.Join('&', all), b.Item1.Length == 0 && b.Item2.Length == 0 ? null : b.Item1, b.Item2, h);
    }

    private static IEnumerable<string> Parameters(JsonElement operation, string location) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == location).Select(p => p.GetProperty("name").GetString()!)
            : [];

    private static JsonElement? BodySchema(JsonElement operation) =>
        operation.TryGetProperty("requestBody", out var body)
        && body.TryGetProperty("content", out var content)
        && content.TryGetProperty("application/json", out var json)
        && json.TryGetProperty("schema", out var schema)
            ? schema
            : null;

    /// <summary>A value for a schema: most of the time of the right shape, otherwise broken.</summary>
    private static Gen<JsonNode?> Value(JsonElement schema, JsonElement document, int depth)
    {
        schema = Resolve(schema, document);
        var broken = Gen.Frequency(
            (3, Gen.Constant<JsonNode?>(null)),
            (3, Junk.Select(s => (JsonNode?)JsonValue.Create(s))),
            (2, Gen.Elements<JsonNode?>(JsonValue.Create(-1), JsonValue.Create(long.MaxValue), JsonValue.Create(1e308), JsonValue.Create(true))),
            (1, Gen.Fresh<JsonNode?>(() => new JsonArray(JsonValue.Create("x"), null))),
            (1, Gen.Fresh<JsonNode?>(() => new JsonObject { ["unexpected"] = "field" })));
        return depth > 4 ? broken : Gen.Frequency((4, Shaped(schema, document, depth)), (1, broken));
    }

    private static Gen<JsonNode?> Shaped(JsonElement schema, JsonElement document, int depth)
    {
        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
        {
            return Gen.OneOf(oneOf.EnumerateArray().Select(s => Value(s, document, depth + 1)).ToArray());
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            return Gen.Elements(values.EnumerateArray().Select(v => JsonNode.Parse(v.GetRawText())).ToArray());
        }

        var types = !schema.TryGetProperty("type", out var type) ? []
            : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray()
            : [type.GetString()!];
        var kind = types.FirstOrDefault(t => t != "null") ?? "object";
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return kind switch
        {
            "object" => Properties(schema, document, depth),
            "array" => schema.TryGetProperty("items", out var items)
                ? Gen.ListOf(Value(items, document, depth + 1)).Select(list => (JsonNode?)new JsonArray(list.Take(4).Select(n => n?.DeepClone()).ToArray()))
                : Gen.Constant<JsonNode?>(new JsonArray()),
            "integer" => Gen.Frequency((3, Gen.Choose(-3, 40)), (1, Gen.Elements(int.MinValue, int.MaxValue))).Select(i => (JsonNode?)JsonValue.Create(i)),
            "number" => Gen.Elements(-1.5, 0.0, 99.99, 150.01, 1e12).Select(d => (JsonNode?)JsonValue.Create(d)),
            "boolean" => Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
            _ => (format switch
            {
                "uuid" => Gen.Frequency((3, Gen.Fresh(() => Guid.NewGuid().ToString())), (1, Junk)),
                "date-time" => Gen.Elements("2026-12-01T09:00:00Z", "2026-12-01T09:00:00", "1900-01-01T00:00:00Z", "2100-01-01T00:00:00+14:00", "yesterday"),
                "date" => Gen.Elements("2026-12-01", "2026-02-29", "0001-01-01", "31/12/2026"),
                _ => Junk,
            }).Select(s => (JsonNode?)JsonValue.Create(s)),
        };
    }

    private static Gen<JsonNode?> Properties(JsonElement schema, JsonElement document, int depth)
    {
        if (!schema.TryGetProperty("properties", out var properties))
        {
            return Gen.Constant<JsonNode?>(new JsonObject());
        }

        return properties.EnumerateObject().Aggregate(
            Gen.Constant(new List<KeyValuePair<string, JsonNode?>>()),
            (gen, property) => gen.SelectMany(list => Gen.Frequency(
                    (1, Gen.Constant<(bool, JsonNode?)>((false, null))),
                    (5, Value(property.Value, document, depth + 1).Select(v => (true, v))))
                .Select(p => p.Item1 ? [.. list, new(property.Name, p.Item2)] : list)))
            .Select(list => (JsonNode?)new JsonObject(list.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value?.DeepClone()))));
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement document)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            var node = document;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                node = node.GetProperty(part);
            }

            schema = node;
        }

        return schema;
    }

    public static StringContent? Content(HostileCall call) =>
        call.Body is null ? null : new StringContent(call.Body, Encoding.UTF8, call.ContentType.Length == 0 ? "application/json" : call.ContentType);
}
