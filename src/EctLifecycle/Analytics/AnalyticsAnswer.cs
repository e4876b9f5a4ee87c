using EctLifecycle.Http;
using EctLifecycle.Scoring;
using Marten;

namespace EctLifecycle.Analytics;

/// <summary>Reads an analytics request's parameters and answers in JSON or in tidy CSV.</summary>
public sealed class AnalyticsRequest(HttpRequest request, GridCatalog grids, BusinessCalendar calendar)
{
    public Dictionary<string, string[]> Errors { get; } = [];
    public GridCatalog Grids => grids;

    public string? Query(string name) => request.Query.TryGetValue(name, out var v) ? v.ToString() : null;

    public AnalyticsParameters Parameters() =>
        AnalyticsParameters.Read(Query("asOf"), Query("grid"), Query("knownAt"), calendar, grids, Errors);

    public bool WantsCsv(bool csvRoute)
    {
        var format = Query("format");
        if (csvRoute || string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)) return true;
        if (!string.IsNullOrWhiteSpace(format) && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            Errors["format"] = ["format inconnu, attendu json ou csv"];
        return false;
    }

    public IResult? Problem() => Errors.Count > 0 ? Problems.Invalid(Errors) : null;

    public static async Task<PortfolioHistory> HistoryAsync(IQuerySession session, AnalyticsParameters p, CancellationToken ct) =>
        await PortfolioHistory.LoadAsync(session, p, ct);

    public static IResult Answer<T>(T result, bool csv, string name) where T : ITidy => csv
        ? Results.File(System.Text.Encoding.UTF8.GetBytes(TidyCsv.Write(result.Tidy())), "text/csv; charset=utf-8", $"{name}.csv")
        : Results.Ok(result);
}
