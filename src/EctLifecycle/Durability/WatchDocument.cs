namespace EctLifecycle.Durability;

/// <summary>How the watch list reads: its rule in words, and each project with the facts behind its signals.</summary>
public static class WatchDocument
{
    public static readonly string Rule =
        $"Un projet en vie est à surveiller quand il montre au moins {WatchRules.MinSignals} des quatre signaux qu'avaient les projets " +
        $"arrêtés avant leur arrêt : coopération qui s'essouffle ({WatchRules.ActorsLeft} départs ou plus en {WatchRules.LookBackYears} ans, " +
        $"évaluation de la coopération en baisse, ou portage collectif en recul d'au moins {Fr.Number(WatchRules.CollectivePillarDrop, "0.0")} " +
        $"point depuis son plus haut) ; part publique qui monte (plus de {Fr.Pct(ResourceStory.PerfusionShare)}, ou " +
        $"+{Fr.Pct(WatchRules.PublicShareRise)} en {WatchRules.LookBackYears} ans) ; accompagnement du pôle terminé depuis moins de " +
        $"{WatchRules.LookBackYears} ans ; plus de porteur après en avoir eu un.";

    public static string Label(Signal s) => s.Kind switch
    {
        WatchSignal.FallingCooperation => "coopération qui s'essouffle",
        WatchSignal.RisingPublicShare => "part publique qui monte",
        WatchSignal.HubSupportEnded => "fin de l'accompagnement du pôle",
        _ => "porteur perdu",
    };

    public static Table Table(IReadOnlyList<WatchEntry> watch) => new(["Clé", "Projet", "Étape", "Signaux", "Ce qui les montre"],
        watch.Select(w => Fr.Row(w.Key, w.Name, Projects.FrenchLabels.Of(w.Stage), string.Join(" ; ", w.Signals.Select(Label)),
            string.Join(" ; ", w.Signals.SelectMany(s => s.Evidence)))).ToList(),
        "Aucun projet ne montre assez de signaux pour être surveillé.");
}
