namespace EctLifecycle.Network;

/// <summary>
/// The tool's rules for the network, not the study's: the study asks whether « renforcer l'écosystème coopératif
/// territorial » is a « clef » of the ECT's durability and gives no measure (seed <c>000_63fefee6844dd0ec.txt</c>).
/// Settings of the configuration's « Network » section (appsettings.json, or variables such as <c>Network__PillarFloor=2</c>).
/// </summary>
public sealed record NetworkSettings
{
    public const string Section = "Network";

    /// <summary>The hub is tied to a project while its accompaniment of it (« accompagnement par le pôle ») is active at the date. Default true.</summary>
    public bool HubTiedByAccompaniment { get; init; } = true;

    /// <summary>The hub is tied to a project while an actor of kind « pôle » is active in its collective: that actor is the hub. Default true.</summary>
    public bool HubTiedByMembership { get; init; } = true;

    /// <summary>The « clef »: a project's collective is « connecté » when at least this many of its actors are also active in another project at the end of its first year. Default 1.</summary>
    public int ConnectedActors { get; init; } = 1;

    /// <summary>The pillar the « clef » follows. Default collective-ownership (« Portage collectif »).</summary>
    public string Pillar { get; init; } = "collective-ownership";

    /// <summary>The pillar is kept while its mean (0-3) stays at or above this level; the time kept ends on the first day below. Default 1.5.</summary>
    public double PillarFloor { get; init; } = 1.5;

    /// <summary>A group of fewer projects than this is too small to conclude. Default 5.</summary>
    public int MinGroup { get; init; } = 5;

    /// <summary>The picture names the hub, the projects, and this many actors, the most central first. Default 25.</summary>
    public int LabelledActors { get; init; } = 25;

    /// <summary>
    /// The portfolio durability report draws the network while the portfolio holds at most this many projects; above, its
    /// section says so and points to the « Réseau » page: the network folds every project's events at each year end and its
    /// betweenness grows with the square of the actors (measured in docs/benchmarks.md: minutes at 10,000 projects).
    /// Default 2,000.
    /// </summary>
    public int ReportUpToProjects { get; init; } = 2000;

    public static NetworkSettings Read(IConfiguration configuration)
    {
        var s = configuration.GetSection(Section).Get<NetworkSettings>() ?? new NetworkSettings();
        var problem = s.ConnectedActors < 1 ? "ConnectedActors est un nombre entier d'au moins 1"
            : s.PillarFloor is <= 0 or > 3 ? "PillarFloor est un nombre entre 0 (exclu) et 3"
            : s.MinGroup < 1 ? "MinGroup est un nombre entier d'au moins 1"
            : s.LabelledActors < 0 ? "LabelledActors est un nombre entier positif"
            : s.ReportUpToProjects < 0 ? "ReportUpToProjects est un nombre entier positif"
            : null;
        if (problem is not null) throw new InvalidOperationException($"Réglages de la section « {Section} » : {problem}.");
        return s;
    }

    public static void Register(IServiceCollection services, IConfiguration configuration) => services.AddSingleton(Read(configuration));
}
