using System.Text.Json.Nodes;
using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using Microsoft.OpenApi;

namespace EctLifecycle.Http.OpenApi;

/// <summary>JSON schemas of the bodies the API reads by hand, written from the shapes their readings record.</summary>
public static class BodySchemas
{
    public static OpenApiSchema Object(FieldShapes shapes, string? title = null, string? description = null)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Title = title,
            Description = description,
            Properties = new Dictionary<string, IOpenApiSchema>(),
            Required = new HashSet<string>(),
        };
        foreach (var field in shapes.Fields)
        {
            schema.Properties[field.Name] = Of(field);
            if (field.Required) schema.Required.Add(field.Name);
        }
        if (shapes.Closed) schema.AdditionalPropertiesAllowed = false;
        return schema;
    }

    public static OpenApiSchema Of(FieldShape field)
    {
        var schema = field.Kind switch
        {
            ShapeKind.Text => new OpenApiSchema
            {
                Type = JsonSchemaType.String, MaxLength = field.MaxLength,
                Description = field.MaxLength >= FieldReader.MaxText ? "Texte long : les retours à la ligne sont gardés." : null,
            },
            ShapeKind.Boolean => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            ShapeKind.Choice => Choice(field.Values!, field.ValuesOf),
            ShapeKind.Date => new OpenApiSchema
            {
                Type = JsonSchemaType.String, Format = "date",
                Description = $"Date AAAA-MM-JJ, pas avant le {FieldReader.Earliest:dd/MM/yyyy} ni après aujourd'hui (jour de Paris).",
            },
            ShapeKind.Amount => new OpenApiSchema
            {
                Type = JsonSchemaType.Number, Format = "decimal", Minimum = "0", Maximum = AmountText.MaxEuros.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Description = "Montant en euros, deux décimales au plus (un texte tel « 15 000,00 » est lu aussi).",
            },
            ShapeKind.Decimal => new OpenApiSchema
            {
                Type = JsonSchemaType.Number, Format = "decimal", Minimum = "0",
                Maximum = field.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Description = "Nombre, deux décimales au plus (un texte tel « 2,5 » ou « 1 200,75 » est lu aussi).",
            },
            ShapeKind.Integer => new OpenApiSchema
            {
                Type = JsonSchemaType.Integer, Format = "int64",
                Minimum = field.Minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            ShapeKind.Identifier => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
            ShapeKind.TextList => new OpenApiSchema
            {
                Type = JsonSchemaType.Array, MinItems = field.Required ? 1 : null,
                Items = field.Values is { } values ? Choice(values, field.ValuesOf) : new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = field.MaxLength },
            },
            ShapeKind.Objects => new OpenApiSchema
            {
                Type = JsonSchemaType.Array, MinItems = (int?)field.Minimum, Items = Object(field.Items!),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field.Kind, null),
        };
        return schema;
    }

    /// <summary>A closed list: the API's values, and what each means in French.</summary>
    public static OpenApiSchema Choice(IReadOnlyList<string> values, Type? of) => new()
    {
        Type = JsonSchemaType.String,
        Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
        Description = of is null || values.All(v => LabelOf(of, v) is null) ? null
            : "Valeurs : " + string.Join(", ", values.Select(v => LabelOf(of, v) is { } label ? $"{v} ({label})" : v)) + ".",
    };

    private static string? LabelOf(Type list, string wire) => FrenchLabels.Of(list, wire)
        ?? (Enum.TryParse(list, wire, ignoreCase: true, out var value) ? value switch
        {
            Period p => AnalyticsLabels.Of(p),
            CohortField f => AnalyticsLabels.Of(f),
            AlignAnchor a => AnalyticsLabels.Of(a),
            _ => null,
        } : null);
}
