using EctLifecycle.Analytics;
using EctLifecycle.Scoring;
using Microsoft.OpenApi;

namespace EctLifecycle.Http.OpenApi;

/// <summary>
/// The parameters every analysis and report reads through <see cref="AnalyticsRequest"/>: <c>asOf</c>, <c>knownAt</c>,
/// <c>grid</c>, and <c>format</c> (json or csv) unless the route is the CSV one or the report's own formats say otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AnalyticsQueryAttribute(bool jsonOrCsv = true) : Attribute
{
    public bool JsonOrCsv { get; } = jsonOrCsv;

    public IEnumerable<QueryAttribute> Parameters()
    {
        yield return new QueryAttribute(AnalyticsRequest.AsOf, "La date métier (AAAA-MM-JJ) à laquelle lire les projets ; par défaut aujourd'hui.") { Date = true };
        yield return new QueryAttribute(AnalyticsRequest.KnownAt,
            "La date de saisie (AAAA-MM-JJ) : ne compter que ce qui était saisi à la fin de ce jour ; par défaut tout.") { Date = true };
        yield return new QueryAttribute(AnalyticsRequest.GridParameter, "La version de la grille ECT ; par défaut la grille courante.") { Grid = true };
        if (JsonOrCsv)
            yield return new QueryAttribute(AnalyticsRequest.Format, "json (par défaut) ou csv (lignes longues subject, date, measure, value, libelle).")
                { Choice = typeof(AnalysisFormat) };
    }
}

public static class QueryParameters
{
    public static void Describe(OpenApiOperation operation, IList<object> metadata, GridCatalog grids)
    {
        var wanted = metadata.OfType<AnalyticsQueryAttribute>().SelectMany(a => a.Parameters())
            .Concat(metadata.OfType<QueryAttribute>()).ToList();
        if (wanted.Count == 0) return;
        operation.Parameters ??= [];
        foreach (var q in wanted)
        {
            // The framework's own reading of a string? parameter knows its name only: ours replaces it.
            foreach (var known in operation.Parameters.Where(p => p.Name == q.Name && p.In == ParameterLocation.Query).ToList())
                operation.Parameters.Remove(known);
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = q.Name, In = ParameterLocation.Query, Required = q.Required, Description = q.Description,
                Schema = q switch
                {
                    { Choice: { } type } => BodySchemas.Choice(Vocabulary.WireNames(type), type),
                    { Grid: true } => BodySchemas.Choice(grids.Versions, null),
                    { Date: true } => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
                    _ => new OpenApiSchema { Type = JsonSchemaType.String },
                },
            });
        }
    }
}
