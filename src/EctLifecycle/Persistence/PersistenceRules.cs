using System.Globalization;

namespace EctLifecycle.Persistence;

/// <summary>
/// The tool's rules for the pillars' persistence, not the study's: it asks the question, « comprendre pourquoi certains
/// projets, qui avaient un potentiel ECT fort à leur genèse, s'en éloignent cependant de plus en plus », and gives no figure
/// (seed <c>000_63fefee6844dd0ec.txt</c>). Settings of the configuration's « Persistence » section (appsettings.json, or
/// variables such as <c>Persistence__DriftPoints=5</c>); each analysis may set them again in its query
/// (<c>driftPoints=</c>, <c>closerPoints=</c>, <c>pillarPoints=</c>).
/// </summary>
public sealed record PersistenceRules
{
    public const string Section = "Persistence";

    /// <summary>
    /// Drifted away: the score reached the grid's threshold at emergence (the ECT potential at its genesis) and is now at
    /// least this many points below its score at emergence. Default 3 (one criterion from full points to none).
    /// </summary>
    public int DriftPoints { get; init; } = 3;

    /// <summary>Came closer: the score is now at least this many points above its score at emergence. Default 3.</summary>
    public int CloserPoints { get; init; } = 3;

    /// <summary>
    /// A pillar is lost when its mean (0-3) is now at least this much below its mean at emergence, gained when at least
    /// this much above, kept otherwise. Default 0.5.
    /// </summary>
    public double PillarPoints { get; init; } = 0.5;

    public static PersistenceRules Read(IConfiguration configuration)
    {
        var rules = configuration.GetSection(Section).Get<PersistenceRules>() ?? new PersistenceRules();
        if (Problem(rules) is { } problem)
            throw new InvalidOperationException($"Réglages de la section « {Section} » (Persistence__DriftPoints, Persistence__CloserPoints, Persistence__PillarPoints) : {problem}.");
        return rules;
    }

    public static void Register(IServiceCollection services, IConfiguration configuration) => services.AddSingleton(Read(configuration));

    private static string? Problem(PersistenceRules r) =>
        r.DriftPoints < 1 || r.CloserPoints < 1 ? "les écarts de score sont des nombres entiers d'au moins 1 point"
        : r.PillarPoints is <= 0 or > 3 ? "l'écart d'un pilier est un nombre entre 0 (exclu) et 3"
        : null;

    /// <summary>The same rules, with those a query sets again (<paramref name="query"/> gives a parameter's text or null); errors named by parameter.</summary>
    public PersistenceRules With(Func<string, string?> query, Dictionary<string, string[]> errors)
    {
        var drift = Int("driftPoints", DriftPoints);
        var closer = Int("closerPoints", CloserPoints);
        var pillar = PillarPoints;
        if (query("pillarPoints") is { Length: > 0 } text)
        {
            if (double.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is > 0 and <= 3) pillar = v;
            else errors["pillarPoints"] = ["un nombre entre 0 (exclu) et 3, par exemple 0.5"];
        }
        return new PersistenceRules { DriftPoints = drift, CloserPoints = closer, PillarPoints = pillar };

        int Int(string name, int fallback)
        {
            if (query(name) is not { Length: > 0 } t) return fallback;
            if (int.TryParse(t.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100) return n;
            errors[name] = ["un nombre entier de points entre 1 et 100"];
            return fallback;
        }
    }
}
