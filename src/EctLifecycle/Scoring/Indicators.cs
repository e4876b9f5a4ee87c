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
    int ActorsEverJoined,
    bool HubInterimCarrying = false)
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
        // Plain loops, sets reused by the thread and the kinds as bits: the portfolio questions compute this for every
        // project at every date they ask about, and the score history for every business day of every project.
        var emergenceEnd = s.EmergedOn.AddDays(ProjectState.EmergenceWindowDays);
        var everJoined = EverJoined ??= new HashSet<string>(LowerInvariant.Comparer);
        var atEmergence = AtEmergence ??= new HashSet<string>(LowerInvariant.Comparer);
        try
        {
            int active = 0, local = 0;
            var kinds = 0UL;
            foreach (var a in s.Actors)
            {
                everJoined.Add(a.ActorName);
                if (a.JoinedOn <= emergenceEnd) atEmergence.Add(a.ActorName);
                if (!a.Active) continue;
                active++;
                if (a.IsLocal) local++;
                kinds |= Bit((int)a.Kind);
            }
            decimal total = 0, publicAmount = 0;
            var sources = 0UL;
            foreach (var f in s.Fundings)
            {
                if (!f.Active) continue;
                total += f.AmountEuros;
                if (f.SourceKind.IsPublic()) publicAmount += f.AmountEuros;
                sources |= Bit((int)f.SourceKind);
            }
            var hub = false;
            foreach (var a in s.Accompaniments) hub |= a.Active && a.ByHub;

            return new Indicators(
                ActiveActors: active,
                LocalActorShare: active == 0 ? 0 : Math.Round((double)local / active, 4),
                ActorKinds: (kinds & Outside) != 0 ? [.. s.ActiveActors.Select(a => a.Kind).Distinct().Order()] : KindsOf(kinds, ActorKindsByBits),
                ActorsAtEmergence: atEmergence.Count,
                CarrierPresent: s.Carrier is not null,
                ActiveFundingEuros: total,
                PublicShare: total == 0 ? 0 : Math.Round((double)(publicAmount / total), 4),
                FundingSourceKinds: (sources & Outside) != 0
                    ? [.. s.Fundings.Where(f => f.Active).Select(f => f.SourceKind).Distinct().Order()] : KindsOf(sources, SourceKindsByBits),
                HubAccompanimentActive: hub,
                Governance: s.LegalForm is { } form ? form.Form.Wire()
                    : s.Path is StructuringPath.ExtensionOfExistingStructure ? HostedByExistingStructure
                    : NoGovernance,
                ActorsEverJoined: everJoined.Count,
                HubInterimCarrying: s.Carrier?.Type == CarrierType.HubAwaitingCarrier);
        }
        finally
        {
            // The sets hold no name past the call (nor a long list's capacity).
            if (everJoined.Count > 256) EverJoined = null;
            if (atEmergence.Count > 256) AtEmergence = null;
            everJoined.Clear();
            atEmergence.Clear();
        }
    }

    [ThreadStatic] private static HashSet<string>? EverJoined;
    [ThreadStatic] private static HashSet<string>? AtEmergence;

    // A kind's bit: the vocabulary's kinds are its enums' first values (0, 1, ...), fewer than 63. A value outside them (none
    // the app writes) marks the whole set as Outside, whose kinds are then listed the slow way.
    private const ulong Outside = 1UL << 63;
    private static ulong Bit(int value) => value is >= 0 and < 63 ? 1UL << value : Outside;

    // Each set of kinds as one shared list, in the vocabulary's order (the enum's): made at its first use.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, IReadOnlyList<ActorKind>> ActorKindsByBits = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, IReadOnlyList<FundingSourceKind>> SourceKindsByBits = new();

    private static IReadOnlyList<T> KindsOf<T>(ulong bits, System.Collections.Concurrent.ConcurrentDictionary<ulong, IReadOnlyList<T>> byBits)
        where T : struct, Enum =>
        bits == 0 ? [] : byBits.GetOrAdd(bits, b =>
            Array.AsReadOnly(Enumerable.Range(0, 64).Where(i => (b & 1UL << i) != 0).Select(i => (T)Enum.ToObject(typeof(T), i)).ToArray()));

    /// <summary>Names equal once lower-cased (invariant), compared without lower-casing copies of them.</summary>
    private sealed class LowerInvariant : IEqualityComparer<string>
    {
        public static readonly LowerInvariant Comparer = new();

        public bool Equals(string? x, string? y)
        {
            if (x is null || y is null) return x == y;
            if (x.Length != y.Length) return false;
            for (var i = 0; i < x.Length; i++)
                if (char.ToLowerInvariant(x[i]) != char.ToLowerInvariant(y[i])) return false;
            return true;
        }

        public int GetHashCode(string s)
        {
            var hash = new HashCode();
            foreach (var c in s) hash.Add(char.ToLowerInvariant(c));
            return hash.ToHashCode();
        }
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

    /// <summary>
    /// The indicator under a grid: <c>carrierPresent</c> follows the grid's <see cref="Grid.HubInterimCarryingCounts"/>
    /// (the hub's interim carrying is a carrier only when the grid says so); the others are the grid's to threshold.
    /// </summary>
    public double Numeric(string name, Grid grid) =>
        name == "carrierPresent" && HubInterimCarrying && !grid.HubInterimCarryingCounts ? 0 : Numeric(name);

    public string Category(string name) => name switch
    {
        "governance" => Governance,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown categorical indicator"),
    };
}
