using EctLifecycle.Accounts;
using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Network;
using EctLifecycle.Scoring;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

/// <summary>The network at a date as known at a recording date: its picture (Graphviz), measures, growth, the hub's place, the « clef ».</summary>
[Authorize(Policy = Authentication.CanAnalyse)]
public sealed class ReseauModel(IDocumentStore store, GridCatalog grids, BusinessCalendar calendar, IActorIdentities identities, NetworkSettings settings,
    PortfolioComputations computations) : PageModel
{
    public static readonly IReadOnlyDictionary<string, string> FieldLabels = new Dictionary<string, string>
    {
        ["asOf"] = "Au (date des faits)", ["knownAt"] = "Tel que connu le (date de saisie)", ["grid"] = "Grille",
    };

    public Dictionary<string, string[]> Errors { get; } = [];
    public AnalyticsParameters Parameters { get; private set; } = null!;
    public ActorNetwork? Answer { get; private set; }
    public Picture? Picture { get; private set; }
    public GridCatalog Grids => grids;

    public string? Q(string name) => Request.Query.TryGetValue(name, out var v) && v.ToString().Length > 0 ? v.ToString() : null;

    public string? Shown(string field, string? value) => Errors.ContainsKey(field) ? Q(field) : value;

    public string CsvLink => $"/api/analytics/network.csv?asOf={Parameters.AsOf:yyyy-MM-dd}&grid={Parameters.Grid.Version}" +
        (Parameters.KnownAt is { } k ? $"&knownAt={k:yyyy-MM-dd}" : "");

    public async Task OnGetAsync(CancellationToken ct)
    {
        Parameters = AnalyticsParameters.Read(Http.DateText.IsoOrAsTyped(Q("asOf")), Q("grid"), Http.DateText.IsoOrAsTyped(Q("knownAt")), calendar, grids, Errors);
        if (Errors.Count > 0) return;
        // In its turn among the instance's portfolio-wide computations, as through the API; the picture drawn after it.
        Answer = await computations.AnalysisAsync("network", async () =>
        {
            await using var session = store.QuerySession();
            return await ActorNetwork.OfAsync(session, Parameters, identities, settings, ct);
        }, ct);
        Picture = await NetworkPicture.DrawAsync(Answer.Network, settings.LabelledActors, ct);
    }
}
