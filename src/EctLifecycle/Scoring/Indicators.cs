using EctLifecycle.Projects;

namespace EctLifecycle.Scoring;

/// <summary>The facts a grid's derived criteria are computed from, read off a project's state.</summary>
public sealed record Indicators(
    int ActiveActors,
    double LocalActorShare,
    IReadOnlyList<ActorKind> ActorKinds,
    int ActorsAtEmergence,
    bool CarrierPresent,
    decimal ActiveFundingEuros,
    double PublicShare,
    IReadOnlyList<FundingSourceKind> FundingSourceKinds,
    bool HubAccompanimentActive,
    string Governance,
    int ActorsEverJoined)
{
    public static readonly IReadOnlyList<string> NumericNames =
    [
        "activeActors", "localActorShare", "actorKindCount", "actorsAtEmergence", "carrierPresent",
        "activeFundingEuros", "publicShare", "financialAutonomy", "fundingSourceKindCount", "hubAccompanimentActive",
        "actorRetention",
    ];

    public static readonly IReadOnlyList<string> CategoryNames = ["governance"];

    /// <summary>Governance values: a legal form's wire name, else these.</summary>
    public const string HostedByExistingStructure = "hostedByExistingStructure";
    public const string NoGovernance = "none";

    public static Indicators Of(ProjectState s)
    {
        var actors = s.ActiveActors.ToList();
        var fundings = s.Fundings.Where(f => f.Active).ToList();
        var total = fundings.Sum(f => f.AmountEuros);
        var publicAmount = fundings.Where(f => f.SourceKind.IsPublic()).Sum(f => f.AmountEuros);
        var emergenceEnd = s.EmergedOn.AddDays(ProjectState.EmergenceWindowDays);

        return new Indicators(
            ActiveActors: actors.Count,
            LocalActorShare: actors.Count == 0 ? 0 : Math.Round((double)actors.Count(a => a.IsLocal) / actors.Count, 4),
            ActorKinds: actors.Select(a => a.Kind).Distinct().Order().ToList(),
            ActorsAtEmergence: s.Actors.Where(a => a.JoinedOn <= emergenceEnd)
                .Select(a => a.ActorName.ToLowerInvariant()).Distinct().Count(),
            CarrierPresent: s.Carrier is not null,
            ActiveFundingEuros: total,
            PublicShare: total == 0 ? 0 : Math.Round((double)(publicAmount / total), 4),
            FundingSourceKinds: fundings.Select(f => f.SourceKind).Distinct().Order().ToList(),
            HubAccompanimentActive: s.Accompaniments.Any(a => a.Active && a.ByHub),
            Governance: s.LegalForm is { } form ? form.Form.Wire()
                : s.Path is StructuringPath.ExtensionOfExistingStructure ? HostedByExistingStructure
                : NoGovernance,
            ActorsEverJoined: s.Actors.Select(a => a.ActorName.ToLowerInvariant()).Distinct().Count());
    }

    public double Numeric(string name) => name switch
    {
        "activeActors" => ActiveActors,
        "localActorShare" => LocalActorShare,
        "actorKindCount" => ActorKinds.Count,
        "actorsAtEmergence" => ActorsAtEmergence,
        "carrierPresent" => CarrierPresent ? 1 : 0,
        "activeFundingEuros" => (double)ActiveFundingEuros,
        "publicShare" => PublicShare,
        // Without resources there is no autonomy to speak of.
        "financialAutonomy" => ActiveFundingEuros == 0 ? 0 : 1 - PublicShare,
        "fundingSourceKindCount" => FundingSourceKinds.Count,
        "hubAccompanimentActive" => HubAccompanimentActive ? 1 : 0,
        // The share of the actors who ever joined that are still there: cooperation fading shows as actors leaving.
        "actorRetention" => ActorsEverJoined == 0 ? 0 : (double)ActiveActors / ActorsEverJoined,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown numeric indicator"),
    };

    public string Category(string name) => name switch
    {
        "governance" => Governance,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown categorical indicator"),
    };
}
