using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FinanceFlow.Core.Serialization;

namespace FinanceFlow.Api.OpenApi;

/// <summary>
/// The schemas of an OpenAPI document: each object type an operation names becomes a component, exported as FinanceFlow's JSON
/// (<see cref="FinanceFlowJson"/>: camelCase, enums by name) writes it, and every object type inside it a component of its own.
/// </summary>
internal sealed class SchemaCatalog
{
    private const string ComponentsPath = "#/components/schemas/";

    // FinanceFlow writes numbers as numbers; the schemas say so (the Web defaults would add "or a numeric string" for reading).
    private static readonly JsonSerializerOptions Options = new(FinanceFlowJson.Options)
    {
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private readonly SortedDictionary<string, JsonNode> _components = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _names = [];

    /// <summary>Every component so far, by name.</summary>
    public IReadOnlyDictionary<string, JsonNode> Components => _components;

    /// <summary>Adds a component written by hand; the schema of <paramref name="type"/>, when given, wherever an operation names the type.</summary>
    public void Add(string name, JsonNode schema, Type? type = null)
    {
        if (!_components.TryAdd(name, schema))
        {
            throw new InvalidOperationException($"Two schemas are named '{name}' in the OpenAPI document.");
        }

        if (type is not null)
        {
            _names.Add(type, name);
        }
    }

    /// <summary>The schema of <paramref name="schema"/>: a reference to its type's component, the type's inline schema, or the literal.</summary>
    public JsonNode SchemaOf(ApiSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.Type is { } type ? Export(type, asComponent: false) : JsonNode.Parse(schema.Literal!)!;
    }

    private JsonNode Export(Type type, bool asComponent)
    {
        var info = Options.GetTypeInfo(type);
        if (!asComponent && info.Kind == JsonTypeInfoKind.Object)
        {
            return Reference(type);
        }

        var exporter = new JsonSchemaExporterOptions
        {
            // A list's items and a component itself are never null; a property is nullable when its annotation says so.
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) => context.TypeInfo.Kind != JsonTypeInfoKind.Object || context.TypeInfo.Type == typeof(object)
                ? node
                : context.Path.Length > 0 ? Referenced(context.TypeInfo.Type, node) : OmittedNotRequired(context.TypeInfo, node),
        };
        var schema = Options.GetJsonSchemaAsNode(type, exporter);
        if (schema is JsonObject root)
        {
            root.Remove("$schema");
        }

        return schema;
    }

    /// <summary>A property left out when null or default (<see cref="JsonIgnoreCondition.WhenWritingNull"/>) is not required, whatever its constructor says.</summary>
    private static JsonNode OmittedNotRequired(JsonTypeInfo info, JsonNode node)
    {
        if (node is JsonObject { } schema && schema["required"] is JsonArray required)
        {
            var omitted = info.Properties
                .Where(p => p.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true).OfType<JsonIgnoreAttribute>()
                    .Any(a => a.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) == true)
                .Select(p => p.Name)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var name in required.Where(r => omitted.Contains(r!.GetValue<string>())).ToList())
            {
                required.Remove(name);
            }
        }

        return node;
    }

    /// <summary>A nested object's schema replaced by a reference to its component; nullable when the exporter said it may be null.</summary>
    private JsonNode Referenced(Type type, JsonNode node)
    {
        var reference = Reference(type);
        var nullable = node is JsonObject { } schema && schema["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null");
        return nullable ? new JsonObject { ["anyOf"] = new JsonArray(reference, new JsonObject { ["type"] = "null" }) } : reference;
    }

    private JsonObject Reference(Type type)
    {
        if (!_names.TryGetValue(type, out var name))
        {
            name = NameOf(type);
            if (_components.ContainsKey(name))
            {
                throw new InvalidOperationException($"Two types are named '{name}' in the OpenAPI document ({type.FullName} and another); rename one.");
            }

            _names[type] = name;
            _components[name] = new JsonObject(); // Reserved first: a type that contains itself refers to the component being built.
            var schema = Export(type, asComponent: true);
            Rebase(schema, ComponentsPath + name);
            _components[name] = schema;
        }

        return new JsonObject { ["$ref"] = ComponentsPath + name };
    }

    private static string NameOf(Type type) => type.IsGenericType
        ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(NameOf))
        : type.Name;

    /// <summary>The exporter's own references (<c>#</c>, <c>#/properties/…</c>, for a type met again inside itself) point into the component.</summary>
    private static void Rebase(JsonNode? node, string componentPath)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target && target.StartsWith('#') && !target.StartsWith(ComponentsPath, StringComparison.Ordinal))
                {
                    obj["$ref"] = componentPath + target[1..];
                }

                foreach (var (_, child) in obj)
                {
                    Rebase(child, componentPath);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Rebase(child, componentPath);
                }

                break;
        }
    }
}
