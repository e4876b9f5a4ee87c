using EctLifecycle.Accounts;
using EctLifecycle.Analytics;
using EctLifecycle.Scoring;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages.Analyses;

/// <summary>The analysts' questions on one page: distribution (and two grids), qualitative sample, cohort drift, aligned drift.</summary>
[Authorize(Policy = Authentication.CanAnalyse)]
public sealed class IndexModel(IDocumentStore store, GridCatalog grids, BusinessCalendar calendar) : PageModel
{
    public string View { get; private set; } = "distribution";
    public Dictionary<string, string[]> Errors { get; } = [];
    public AnalyticsParameters Parameters { get; private set; } = null!;
    public ITidy? Answer { get; private set; }
    public GridCatalog Grids => grids;

    public string? Q(string name) => Request.Query.TryGetValue(name, out var v) && v.ToString().Length > 0 ? v.ToString() : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        View = Q("vue") is "sample" or "cohorts" or "aligned" or "compare" ? Q("vue")! : "distribution";
        Parameters = AnalyticsParameters.Read(Q("asOf"), Q("grid"), Q("knownAt"), calendar, grids, Errors);
        var by = AnalyticsParameters.ReadEnum<CohortField>("by", Q("by"), CohortField.Accompanied, Errors);
        var period = AnalyticsParameters.ReadEnum<Period>("period", Q("period"), Period.Year, Errors);
        var on = AnalyticsParameters.ReadEnum<AlignAnchor>("on", Q("on"), AlignAnchor.HubSupportEnded, Errors);
        var other = AnalyticsParameters.ReadGrid("with", Q("with") ?? grids.All.Last().Version, grids, Errors);
        if (Errors.Count > 0) return;

        await using var session = store.QuerySession();
        var history = await PortfolioHistory.LoadAsync(session, Parameters, ct);
        Answer = View switch
        {
            "sample" => Sample.Of(history, Parameters),
            "cohorts" => CohortDrift.Of(history, Parameters, by!.Value, period!.Value),
            "aligned" => AlignedDrift.Of(history, Parameters, on!.Value, Q("by") is null ? null : by),
            "compare" => GridComparison.Of(history, Parameters, other),
            _ => Distribution.Of(history, Parameters),
        };
    }

    /// <summary>The same question as tidy CSV, through the API (the session cookie carries the rights).</summary>
    public string CsvLink => View switch
    {
        "compare" => $"/api/analytics/compare.csv{Request.QueryString}",
        "cohorts" => $"/api/analytics/cohorts.csv{Request.QueryString}{(Q("by") is null ? "&by=accompanied" : "")}",
        "aligned" => $"/api/analytics/aligned.csv{Request.QueryString}{(Q("on") is null ? "&on=hubSupportEnded" : "")}",
        var v => $"/api/analytics/{v}.csv{Request.QueryString}",
    };
}
