namespace EctLifecycle.Communes;

/// <summary>Where a project is, as the territory's questions group it.</summary>
public static class TerritoryValues
{
    public const string Inside = "inside", Outside = "outside", Unplaced = "unplaced";
}

/// <summary>
/// The catalog read through the settings: whether a commune is in the agglomeration (« autour de Lons-le-Saunier »),
/// its population class and EPCI. A project with no confirmed commune is « non placé » everywhere.
/// </summary>
public sealed class Territory
{
    private readonly HashSet<string> _agglomeration;

    public Territory(CommuneCatalog catalog, TerritorySettings settings)
    {
        Catalog = catalog;
        Settings = settings;
        var problems = settings.Problems(catalog);
        if (problems.Count > 0) throw new InvalidOperationException("Réglages du territoire invalides : " + string.Join(" ; ", problems));
        _agglomeration = settings.AgglomerationCommunes.Count > 0
            ? settings.AgglomerationCommunes.Select(c => c.Trim()).ToHashSet(StringComparer.Ordinal)
            : catalog.All.Where(c => c.EpciCode == settings.Agglomeration).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        Classes = settings.Classes;
    }

    public CommuneCatalog Catalog { get; }
    public TerritorySettings Settings { get; }
    public IReadOnlyList<PopulationClass> Classes { get; }

    /// <summary>The agglomeration's name: the EPCI's, or « communes choisies » when the settings list them.</summary>
    public string AgglomerationName => Settings.AgglomerationCommunes.Count > 0
        ? $"{Settings.AgglomerationCommunes.Count} communes choisies (Territory:AgglomerationCommunes)"
        : Catalog.EpciNames.GetValueOrDefault(Settings.Agglomeration, Settings.Agglomeration);

    public int AgglomerationCommuneCount => _agglomeration.Count;

    public bool InAgglomeration(string code) => _agglomeration.Contains(code);

    /// <summary>inside, outside or unplaced.</summary>
    public string Place(string? code) =>
        code is null || Catalog.Find(code) is null ? TerritoryValues.Unplaced : InAgglomeration(code) ? TerritoryValues.Inside : TerritoryValues.Outside;

    /// <summary>The population class's wire value (<see cref="TerritorySettings.Wire"/>), or unplaced.</summary>
    public string PopulationClassOf(string? code)
    {
        if (code is null || Catalog.Find(code) is not { } commune) return TerritoryValues.Unplaced;
        for (var i = 0; i < Classes.Count; i++)
            if (Classes[i].Below is not { } below || commune.Population < below) return TerritorySettings.Wire(Classes, i);
        return TerritorySettings.Wire(Classes, Classes.Count - 1);
    }

    /// <summary>The French label of a population class's wire value.</summary>
    public string PopulationClassLabel(string wire)
    {
        for (var i = 0; i < Classes.Count; i++) if (TerritorySettings.Wire(Classes, i) == wire) return Classes[i].Label;
        return wire == TerritoryValues.Unplaced ? "non placé" : wire;
    }

    public static string PlaceLabel(string place) => place switch
    {
        TerritoryValues.Inside => "dans l'agglomération",
        TerritoryValues.Outside => "hors de l'agglomération",
        _ => "non placé",
    };
}
