using EctLifecycle.Accounts;
using EctLifecycle.Http;
using EctLifecycle.Journal;
using EctLifecycle.Scoring;
using Marten;

namespace EctLifecycle.Analytics;

/// <summary>What an analysis answers in: JSON, or tidy CSV.</summary>
public enum AnalysisFormat { Json, Csv }

/// <summary>Reads an analytics request's parameters and answers in JSON or in tidy CSV.</summary>
public sealed class AnalyticsRequest(HttpRequest request, GridCatalog grids, BusinessCalendar calendar)
{
    public const string AsOf = "asOf", KnownAt = "knownAt", GridParameter = "grid", Format = "format";

    public Dictionary<string, string[]> Errors { get; } = [];
    public GridCatalog Grids => grids;

    public string? Query(string name) => request.Query.TryGetValue(name, out var v) ? v.ToString() : null;

    public AnalyticsParameters Parameters() =>
        AnalyticsParameters.Read(Query(AsOf), Query(GridParameter), Query(KnownAt), calendar, grids, Errors);

    public bool WantsCsv(bool csvRoute)
    {
        var format = Query(Format);
        if (csvRoute) return true;
        return AnalyticsParameters.ReadEnum<AnalysisFormat>(Format, format, AnalysisFormat.Json, Errors) == AnalysisFormat.Csv;
    }

    public IResult? Problem() => Errors.Count > 0 ? Problems.Invalid(Errors) : null;

    /// <summary>
    /// The one shape of every analytics route: read the shared parameters, let <paramref name="prepare"/> read its own
    /// (adding errors) and return how to compute the answer, then answer 400, or JSON, or tidy CSV. The heaviest analyses
    /// are computed in their turn among the instance's portfolio-wide computations (<see cref="PortfolioComputations.Analyses"/>).
    /// </summary>
    public static async Task<IResult> RunAsync(
        HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, bool csvRoute, string name,
        Func<AnalyticsRequest, AnalyticsParameters, Func<Task<ITidy?>>> prepare, Func<IResult>? notFound = null)
    {
        var q = new AnalyticsRequest(request, grids, calendar);
        var p = q.Parameters();
        var compute = prepare(q, p);
        var csv = q.WantsCsv(csvRoute);
        if (q.Problem() is { } bad) return bad;
        var computations = request.HttpContext.RequestServices.GetRequiredService<PortfolioComputations>();
        if (await computations.AnalysisAsync(name, compute, request.HttpContext.RequestAborted) is not { } answer) return notFound?.Invoke() ?? Problems.NotFound("Introuvable", "aucune réponse pour ces paramètres");
        // A CSV is data taken away: it is in the journal, with the question's parameters (dates, grids, groupings).
        if (csv)
            await Audit.RecordAsync(session.DocumentStore, calendar.Time, AuditKind.Export, request.HttpContext.User.Login(),
                $"Analyse « {AnalyticsLabels.QuestionTitle(name)} » au {p.AsOf:dd/MM/yyyy} (grille {p.Grid.Version}) téléchargée en CSV.",
                details: new Dictionary<string, string> { ["question"] = name, ["request"] = $"{request.Path}{request.QueryString}" }, ct: request.HttpContext.RequestAborted);
        return Answer(answer, csv, name, grids);
    }

    public static IResult Answer(ITidy result, bool csv, string name, GridCatalog grids) => csv
        ? Results.File(TidyCsv.File(result.Tidy(), new TidyLabels(grids)), "text/csv; charset=utf-8", $"{name}.csv")
        : Results.Ok(result);
}
