using EctLifecycle.Communes;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Analytics;

/// <summary>One emergence year: how many projects emerged, where (in or out of the agglomeration, unplaced), and in which population class.</summary>
public sealed record EmergenceYear(
    int Year, int Projects, IReadOnlyDictionary<string, int> ByTerritory, IReadOnlyDictionary<string, int> ByPopulationClass);

/// <summary>An EPCI where projects emerged (the communes' EPCI in the official code).</summary>
public sealed record EmergenceEpci(string Code, string Name, bool Agglomeration, int Projects, int FirstYear, int LastYear);

/// <summary>A project and where staff placed it.</summary>
public sealed record PlacedProject(
    string Key, string Name, int EmergenceYear, string? CommuneCode, string Commune, string Territory, string PopulationClass, string? Epci);

/// <summary>A population class as the settings define it.</summary>
public sealed record PopulationClassAnswer(string Value, string Label, int? Below);

/// <summary>
/// Where the portfolio's projects emerged, year by year (the year of each one's emergence), at a date: in the
/// agglomeration or out of it (« autour de Lons-le-Saunier » as the settings read it), by population class of the
/// commune, by EPCI. A project counts where staff placed it (<c>communePlaced</c>); one not placed yet is « non placé ».
/// The official code ships no coordinates nor boundaries: this answer is tables and a chart, no map.
/// </summary>
public sealed record TerritoryEmergence(
    DateOnly AsOf, DateOnly? KnownAt, string Agglomeration, string AgglomerationName, int AgglomerationCommunes, string Departement,
    IReadOnlyList<PopulationClassAnswer> PopulationClasses, int Projects, int Placed, int InAgglomeration,
    IReadOnlyList<EmergenceYear> Years, IReadOnlyList<EmergenceEpci> Epcis, IReadOnlyList<PlacedProject> ProjectPlaces, string Source) : ITidy
{
    public const string NoMap = "Le code officiel géographique livré (@etalab/decoupage-administratif) n'a ni coordonnées ni contours de " +
        "communes : le territoire est montré en tableaux et en graphique, sans carte.";

    public static async Task<TerritoryEmergence> OfAsync(PortfolioHistory history, AnalyticsParameters p, Territory territory, CancellationToken ct = default) =>
        Of(await history.AtAsync(p.AsOf, p.Grid, ct), p, territory);

    public static TerritoryEmergence Of(IReadOnlyList<ScorePeriod> members, AnalyticsParameters p, Territory territory)
    {
        var catalog = territory.Catalog;
        var places = members.Select(m => (Period: m, Commune: m.CommuneCode is { } c ? catalog.Find(c) : null)).ToList();
        var projects = places.Select(x => new PlacedProject(x.Period.Key, x.Period.Name, x.Period.EmergenceYear, x.Commune?.Code,
            x.Commune?.Name ?? x.Period.Commune, territory.Place(x.Commune?.Code), territory.PopulationClassOf(x.Commune?.Code), x.Commune?.EpciName)).ToList();
        var classes = territory.Classes.Select((c, i) => new PopulationClassAnswer(TerritorySettings.Wire(territory.Classes, i), c.Label, c.Below)).ToList();
        var years = projects.GroupBy(x => x.EmergenceYear).OrderBy(g => g.Key)
            .Select(g => new EmergenceYear(g.Key, g.Count(),
                new[] { TerritoryValues.Inside, TerritoryValues.Outside, TerritoryValues.Unplaced }.ToDictionary(v => v, v => g.Count(x => x.Territory == v)),
                classes.Select(c => c.Value).Append(TerritoryValues.Unplaced).ToDictionary(v => v, v => g.Count(x => x.PopulationClass == v))))
            .ToList();
        var epcis = places.Where(x => x.Commune?.EpciCode is not null).GroupBy(x => x.Commune!.EpciCode!)
            .Select(g => new EmergenceEpci(g.Key, g.First().Commune!.EpciName ?? g.Key, territory.Settings.AgglomerationCommunes.Count == 0 && g.Key == territory.Settings.Agglomeration,
                g.Count(), g.Min(x => x.Period.EmergenceYear), g.Max(x => x.Period.EmergenceYear)))
            .OrderByDescending(e => e.Projects).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        return new TerritoryEmergence(p.AsOf, p.KnownAt, territory.Settings.Agglomeration, territory.AgglomerationName, territory.AgglomerationCommuneCount,
            territory.Settings.Departement, classes, projects.Count, projects.Count(x => x.CommuneCode is not null),
            projects.Count(x => x.Territory == TerritoryValues.Inside), years, epcis, projects, CommuneCatalog.Source);
    }

    public IEnumerable<TidyRow> Tidy()
    {
        yield return new("all", AsOf, "count", Projects);
        yield return new("all", AsOf, "placed", Placed);
        yield return new("all", AsOf, "inAgglomeration", InAgglomeration);
        foreach (var y in Years)
        {
            var subject = $"year={y.Year}";
            yield return new(subject, AsOf, "count", y.Projects);
            foreach (var (place, n) in y.ByTerritory) yield return new($"{subject}|territory={place}", AsOf, "count", n);
            foreach (var (c, n) in y.ByPopulationClass) yield return new($"{subject}|populationClass={c}", AsOf, "count", n);
        }
        foreach (var e in Epcis) yield return new($"epci={e.Code}", AsOf, "count", e.Projects);
        foreach (var x in ProjectPlaces)
        {
            yield return new(x.Key, AsOf, "territory", x.Territory);
            yield return new(x.Key, AsOf, "populationClass", x.PopulationClass);
            if (x.CommuneCode is { } code) yield return new(x.Key, AsOf, "commune", code);
        }
    }
}
