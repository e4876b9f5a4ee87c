using EctLifecycle.Durability;
using Microsoft.OpenApi;

namespace EctLifecycle.Http.OpenApi;

/// <summary>
/// The files the API answers with: a route ending in .csv, .xlsx or .zip answers that file; an analysis in JSON also
/// answers CSV with format=csv; a durability report answers in each of its formats.
/// </summary>
public static class MediaTypes
{
    public const string Csv = "text/csv";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".csv"] = Csv,
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".zip"] = "application/zip",
    };

    public static void Describe(OpenApiOperation operation, string path, IList<object> metadata)
    {
        if (ByExtension.TryGetValue(Path.GetExtension(path), out var file))
        {
            Ok(operation).Content = new Dictionary<string, OpenApiMediaType> { [file] = File() };
            return;
        }
        if (metadata.OfType<AnalyticsQueryAttribute>().Any(a => a.JsonOrCsv)) Ok(operation).Content!.TryAdd(Csv, File());
        if (metadata.OfType<QueryAttribute>().Any(q => q.Choice == typeof(ReportFormat)))
            foreach (var format in Enum.GetValues<ReportFormat>().Where(f => f != ReportFormat.Json))
                Ok(operation).Content!.TryAdd(ReportRendering.MediaType(format), File());
    }

    private static OpenApiResponse Ok(OpenApiOperation operation)
    {
        operation.Responses ??= new OpenApiResponses();
        if (operation.Responses.TryGetValue("200", out var found) && found is OpenApiResponse ok)
        {
            ok.Content ??= new Dictionary<string, OpenApiMediaType>();
            return ok;
        }
        var made = new OpenApiResponse { Description = "OK", Content = new Dictionary<string, OpenApiMediaType>() };
        operation.Responses["200"] = made;
        return made;
    }

    private static OpenApiMediaType File() => new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
}
