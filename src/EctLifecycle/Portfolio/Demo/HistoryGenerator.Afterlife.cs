using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

internal sealed partial class HistoryGenerator
{
    private static readonly string[] StopNotes =
    [
        "Dernière assemblée générale : la dissolution est votée.", "Le collectif décide d'arrêter, faute de relève.",
        "Réunion de clôture avec les partenaires et les financeurs.", "Le local est rendu à la commune.",
    ];

    private static readonly string[] AfterStop =
    [
        "Le matériel a été transmis à une association voisine.", "Le réseau d'acteurs continue de se réunir ponctuellement.",
        "Une partie de l'activité a été reprise par une commune.", "Le savoir-faire est documenté pour un futur projet.",
    ];

    private static readonly string[] FollowUpNotes =
    [
        "Visite sur place : l'activité reprise tourne au ralenti.", "Échange téléphonique avec un ancien membre du collectif.",
        "Les outils du projet servent encore à la structure qui les a reçus.", "Plus de trace d'activité sur le territoire.",
        "Un projet voisin s'inspire de l'expérience.",
    ];

    /// <summary>Staff go back one, two and five years after a stop, when the horizon allows.</summary>
    private static readonly int[] FollowUpYears = [1, 2, 5];

    /// <summary>The stop with what remains of the project, staff's notes after it, then their follow-up visits.</summary>
    private void Afterlife(DateOnly stop)
    {
        var goalReached = _s.StopReasons.Contains(StopReason.GoalReached) || _s.StopReasons.Contains(StopReason.MergedIntoAnotherProject);
        var takenOverBy = Chance(goalReached ? 0.85 : 0.35) ? Taker() : null;
        var assetsTo = Chance(0.5) ? DemoNames.Actor(_rng, ActorKind.Association) : null;
        var network = Chance(0.5);
        var jobs = takenOverBy is null ? 0 : _rng.Next(0, 3);
        var stance = takenOverBy is not null ? HubStance.FollowUp
            : network && Chance(0.5) ? HubStance.TryToRevive
            : Chance(0.6) ? HubStance.CapitaliseLessons : HubStance.Archive;
        Add(new ProjectStopped(Id, stop, Staff(), _s.StopReasons.Select(r => r.Wire()).ToList(), DemoNames.Pick(_rng, StopNotes),
            _s.StopReasons.Contains(StopReason.Other) ? _s.OtherStopReason ?? "raison non précisée" : null,
            takenOverBy, assetsTo, network, jobs, stance));
        for (var i = _rng.Next(3); i > 0 && stop < _s.Horizon; i--)
            Add(new NoteAdded(Id, Day(stop.AddDays(1), _s.Horizon), Staff(), DemoNames.Pick(_rng, AfterStop)));

        var running = takenOverBy is not null;
        foreach (var years in FollowUpYears)
        {
            var on = Plus(stop.AddYears(years), -20, 20);
            if (on > _s.Horizon || on <= stop) break;
            if (!Chance(0.85)) continue;
            // What was taken over may fade; a network only gets quieter.
            running = running && Chance(0.8);
            network = network && Chance(0.75);
            Add(new FollowUpObserved(Id, on, Staff(), running, running ? takenOverBy : null,
                assetsTo is null ? null : Chance(0.7), network, running ? Math.Max(0, jobs - _rng.Next(2)) : 0,
                Chance(0.6) ? DemoNames.Pick(_rng, FollowUpNotes) : null));
        }
    }

    /// <summary>Who takes the activity over: a public body or an association of the collective, else a commune's service.</summary>
    private string Taker()
    {
        var candidates = _members.Where(m => m.Kind is ActorKind.PublicBody or ActorKind.Association).Select(m => m.Name).ToList();
        return candidates.Count > 0 && Chance(0.7) ? DemoNames.Pick(_rng, candidates) : DemoNames.Actor(_rng, ActorKind.PublicBody);
    }
}
