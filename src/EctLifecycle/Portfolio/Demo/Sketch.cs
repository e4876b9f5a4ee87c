using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

internal enum Support { Hub, OtherStructure, None }

/// <summary>How the entrepreneurial figure evolves.</summary>
internal enum CarrierStory
{
    None,         // never identified: the collective carries it, or nobody does
    Kept,         // identified once, still there
    HandedOver,   // the initiators hand the carrying over to a structure, the hub as intermediary
    HubCarried,   // the hub carries the activity until it hands it over to a carrier
    LostThenNew,  // the first carrier leaves, another is found later
    Lost,         // the carrier leaves and nobody takes over
}

/// <summary>
/// What a project's history should look like; <see cref="HistoryGenerator"/> turns it into events.
/// <paramref name="Strength"/> (0-1) biases the collective, its locality and diversity, and the resources.
/// Only the stop itself, notes and follow-ups fall on or after <paramref name="StopOn"/>; nothing falls after
/// <paramref name="Horizon"/>. <paramref name="OtherStopReason"/> is the text of an <c>other</c> reason.
/// A living project's final assessment falls after <paramref name="AssessFrom"/>; <paramref name="Density"/> scales
/// how many recurring milestones a year brings.
/// </summary>
internal sealed record Sketch(
    string Key, Guid ProjectId, DateOnly EmergedOn, DateOnly Horizon, double Strength,
    DemoTheme Theme, EmergenceContext Context, HubRole HubRole, bool InspiredElsewhere, Support Support,
    StructuringPath Path, LegalForm? Form, bool InEss, CarrierStory Carrier,
    bool Fading, bool Perfusion, bool PauseAndResume,
    DateOnly? StopOn, IReadOnlyList<StopReason> StopReasons, string? OtherStopReason, bool StopAfterHubEnds,
    DateOnly AssessFrom, double Density)
{
    /// <summary>The last date a milestone other than a note may carry.</summary>
    public DateOnly ActiveUntil => StopOn?.AddDays(-1) ?? Horizon;

    public static Guid IdOf(int series, int index) => new(index, (short)series, 0x0EC7, [0, 0, 0, 0, 0, 0, 0, 1]);

    public static bool EssByDefault(LegalForm form) =>
        form is LegalForm.Association or LegalForm.Scic or LegalForm.Scop or LegalForm.AssociationPlusSas;
}
