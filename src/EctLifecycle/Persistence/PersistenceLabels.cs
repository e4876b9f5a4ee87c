namespace EctLifecycle.Persistence;

/// <summary>The persistence's words in French: its groups, trends and rules, for the page, the command line, the CSV and the reports.</summary>
public static class PersistenceLabels
{
    public const string Question = "« comprendre pourquoi certains projets, qui avaient un potentiel ECT fort à leur genèse, s'en éloignent cependant de plus en plus »";

    public static string Group(string group) => group == PillarPersistence.StoppedGroup ? "Arrêtés" : "En vie";

    public static string Of(Trend t) => t switch
    {
        Trend.DriftedAway => "éloigné du potentiel ECT",
        Trend.CameCloser => "rapproché",
        Trend.Steady => "stable",
        _ => "moins d'un an : pas encore de lecture à l'émergence",
    };

    public static string Of(PillarFate f) => f switch
    {
        PillarFate.Lost => "perdu",
        PillarFate.Gained => "gagné",
        PillarFate.Kept => "gardé",
        _ => "moins d'un an",
    };

    public static string DriftRule(PillarPersistence r) =>
        $"potentiel ECT à l'émergence (score au seuil de {r.Threshold}) et au moins {r.Rules.DriftPoints} point(s) de moins aujourd'hui";

    public static string CloserRule(PillarPersistence r) => $"au moins {r.Rules.CloserPoints} point(s) de plus qu'à l'émergence";

    public static string PillarRule(PillarPersistence r) =>
        $"un pilier est perdu quand sa moyenne a baissé d'au moins {r.Rules.PillarPoints.ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))} depuis l'émergence, gagné quand elle a monté d'autant, gardé sinon";

    /// <summary>What the page and the reports say of the readings and of whose rules these are.</summary>
    public const string Readings =
        "« À l'émergence » lit le projet à la fin de sa première année (365 jours après son émergence), comme le rapport de durabilité ; " +
        "« au pic », le premier jour de sa valeur la plus haute ; « aujourd'hui », à la date choisie, ou à son arrêt pour un projet arrêté. " +
        "L'étude pose la question sans en donner de mesure : les écarts qui font « éloigné », « rapproché », « perdu » et « gagné » sont des réglages de l'outil " +
        "(section Persistence de appsettings.json, ou driftPoints, closerPoints et pillarPoints dans l'adresse).";
}
