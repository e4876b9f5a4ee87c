using EctLifecycle.Accounts;
using EctLifecycle.Analytics;
using EctLifecycle.Http;
using EctLifecycle.Persistence;
using EctLifecycle.Outputs;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Typology;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages.Analyses;

/// <summary>
/// The analysts' questions on one page: distribution (and two grids), qualitative sample, cohort drift, aligned drift, typology.
/// The form shows every parameter of the analysis displayed, defaults included, so that « Afficher » without a change,
/// a reload or a shared link shows the same analysis; the CSV link asks the API the same question with the same values.
/// </summary>
[Authorize(Policy = Authentication.CanAnalyse)]
public sealed class IndexModel(IDocumentStore store, GridCatalog grids, BusinessCalendar calendar, TypologySettings typology,
    PersistenceRules persistenceRules, Communes.Territory territory, OutputSettings outputs,
    Figure.FigureSettings figure, Actors.IActorIdentities identities, PortfolioComputations computations) : PageModel
{
    public static readonly IReadOnlyList<(string Key, string Label)> Views =
        [.. new[] { "distribution", "compare", "sample", "cohorts", "aligned", "typology", "persistence", "territory", "outputs",
            "entrepreneurial-figure", "lineage" }.Select(k => (k, AnalyticsLabels.QuestionTitle(k)))];

    /// <summary>The form's fields in French, for the error summary.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldLabels = new Dictionary<string, string>
    {
        ["asOf"] = "Au (date des faits)", ["knownAt"] = "Tel que connu le (date de saisie)", ["grid"] = "Grille",
        ["with"] = "Comparée à", ["by"] = "Cohortes par", ["period"] = "Période", ["on"] = "Aligné sur",
        ["driftPoints"] = "Éloigné à partir de (points)", ["closerPoints"] = "Rapproché à partir de (points)", ["pillarPoints"] = "Pilier perdu ou gagné à partir de",
    };

    public string View { get; private set; } = "distribution";
    public string ViewLabel => Views.First(v => v.Key == View).Label;
    public Dictionary<string, string[]> Errors { get; } = [];
    public AnalyticsParameters Parameters { get; private set; } = null!;
    public Grid Other { get; private set; } = null!;
    public CohortField? By { get; private set; }
    public Period Period { get; private set; }
    public AlignAnchor On { get; private set; }
    public PersistenceRules Rules { get; private set; } = null!;
    public ITidy? Answer { get; private set; }
    public GridCatalog Grids => grids;

    public string? Q(string name) => Request.Query.TryGetValue(name, out var v) && v.ToString().Length > 0 ? v.ToString() : null;

    /// <summary>What a field shows: the value read, or what was typed when it was refused.</summary>
    public string? Shown(string field, string? value) => Errors.ContainsKey(field) ? Q(field) : value;

    public async Task OnGetAsync(CancellationToken ct)
    {
        View = Views.Any(v => v.Key == Q("vue")) ? Q("vue")! : "distribution";
        // Dates typed by hand in the boxes (a browser without a date picker: 28/02/2021) read as the milestones' forms read them.
        Parameters = AnalyticsParameters.Read(Http.DateText.IsoOrAsTyped(Q("asOf")), Q("grid"), Http.DateText.IsoOrAsTyped(Q("knownAt")), calendar, grids, Errors);
        // Cohorts need a field (accompanied unless chosen); an aligned drift may group by none.
        By = AnalyticsParameters.ReadEnum<CohortField>("by", Q("by"), View is "aligned" or "outputs" ? null : CohortField.Accompanied, Errors);
        Period = AnalyticsParameters.ReadEnum<Period>("period", Q("period"), Period.Year, Errors) ?? Period.Year;
        On = AnalyticsParameters.ReadEnum<AlignAnchor>("on", Q("on"), AlignAnchor.HubSupportEnded, Errors) ?? AlignAnchor.HubSupportEnded;
        Rules = persistenceRules.With(Q, Errors);
        Other = AnalyticsParameters.ReadGrid("with", Q("with") ?? grids.All.Last().Version, grids, Errors);
        SayAllowedInFrench();
        if (Errors.Count > 0) return;
        // The heaviest in their turn among the instance's portfolio-wide computations, as through the API.
        Answer = await computations.AnalysisAsync(View, () => ComputeAsync(ct), ct);
    }

    private async Task<ITidy> ComputeAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        if (View == "outputs") return await OutputsEndpoint.OfAsync(session, Parameters, By, outputs, territory, ct);
        var history = await PortfolioHistory.LoadAsync(session, Parameters, ct);
        return View switch
        {
            "sample" => await Sample.OfAsync(history, Parameters, ct),
            "cohorts" => await CohortDrift.OfAsync(history, Parameters, By ?? CohortField.Accompanied, Period, ct, territory),
            "aligned" => await AlignedDrift.OfAsync(history, Parameters, On, By, ct, territory),
            "territory" => await TerritoryEmergence.OfAsync(history, Parameters, territory, ct),
            "compare" => await GridComparison.OfAsync(history, Parameters, Other, ct),
            "typology" => await ProjectTypology.OfAsync(history, Parameters, typology, ct),
            "persistence" => await PillarPersistence.OfAsync(history, Parameters, Rules, ct),
            "entrepreneurial-figure" => await Figure.EntrepreneurialFigure.OfAsync(history, Parameters, figure, ct),
            "lineage" => await Lineage.ProjectLineage.OfAsync(history, Parameters, identities, ct),
            _ => (ITidy)await Distribution.OfAsync(history, Parameters, ct),
        };
    }

    // The API's messages list its wire names; the page lists what its menus say.
    private void SayAllowedInFrench()
    {
        if (Errors.ContainsKey("by")) Errors["by"] = [$"valeur inconnue « {Q("by")} », attendu parmi : {AnalyticsLabels.Allowed<CohortField>(AnalyticsLabels.Of)}"];
        if (Errors.ContainsKey("period")) Errors["period"] = [$"valeur inconnue « {Q("period")} », attendu parmi : {AnalyticsLabels.Allowed<Period>(AnalyticsLabels.Of)}"];
        if (Errors.ContainsKey("on")) Errors["on"] = [$"valeur inconnue « {Q("on")} », attendu parmi : {AnalyticsLabels.Allowed<AlignAnchor>(AnalyticsLabels.Of)}"];
    }

    /// <summary>The parameters of the analysis displayed, as the API names them: the page's form, its links and its CSV.</summary>
    public IEnumerable<KeyValuePair<string, string>> Query()
    {
        yield return new("asOf", Parameters.AsOf.ToString("yyyy-MM-dd"));
        if (Parameters.KnownAt is { } known) yield return new("knownAt", known.ToString("yyyy-MM-dd"));
        yield return new("grid", Parameters.Grid.Version);
        if (View == "compare") yield return new("with", Other.Version);
        if (View is "cohorts" or "aligned" or "outputs" && By is { } by) yield return new("by", by.Wire());
        if (View == "cohorts") yield return new("period", Period.Wire());
        if (View == "aligned") yield return new("on", On.Wire());
        if (View == "persistence")
        {
            yield return new("driftPoints", Rules.DriftPoints.ToString(System.Globalization.CultureInfo.InvariantCulture));
            yield return new("closerPoints", Rules.CloserPoints.ToString(System.Globalization.CultureInfo.InvariantCulture));
            yield return new("pillarPoints", Rules.PillarPoints.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Another view with the same dates and grid.</summary>
    public string ViewLink(string view) =>
        $"?vue={view}&asOf={Parameters.AsOf:yyyy-MM-dd}&grid={Uri.EscapeDataString(Parameters.Grid.Version)}"
        + (Parameters.KnownAt is { } k ? $"&knownAt={k:yyyy-MM-dd}" : "");

    /// <summary>The same question as tidy CSV, through the API (the session cookie carries the rights).</summary>
    public string CsvLink => $"/api/analytics/{View}.csv?" + string.Join("&", Query().Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
}
