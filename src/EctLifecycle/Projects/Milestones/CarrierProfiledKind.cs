using System.Text.Json.Serialization;
using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>
/// The current carrier's minimal profile (issue 18): what kind of person or structure it is, whether it is salaried,
/// a volunteer, elected or in business, and the time it gives; each part optional, at least one said. A later profile
/// replaces the earlier; a new carrier starts without one. Never changes a score.
/// </summary>
public sealed record CarrierProfiled(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string CarrierName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ActorKind? CarrierKind = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CarrierStatus? CarrierStatus = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TimeGiven? TimeGiven = null) : ProjectFact, IProjectEvent;

public sealed class CarrierProfiledKind : MilestoneKind<CarrierProfiled>
{
    public override string Type => "carrierProfiled";
    public override string Label => "Profil du porteur";
    public override int Order => 35;
    public override string Help => "Le profil du porteur actuel, en peu de mots : ce qu'il est, à quel titre il porte le projet, le temps qu'il y donne.";

    private static readonly MilestoneField<string> CarrierName = Field.Text("carrierName", "Nom du porteur", "porteur");
    private static readonly MilestoneField<ActorKind?> Kind =
        Field.OptionalChoice<ActorKind>("carrierKind", "Type de personne ou de structure", "type de porteur (profil)");
    private static readonly MilestoneField<CarrierStatus?> Status =
        Field.OptionalChoice<CarrierStatus>("carrierStatus", "À quel titre", "à quel titre", "Salarié, bénévole, élu ou entrepreneur.");
    private static readonly MilestoneField<TimeGiven?> Time = Field.OptionalChoice<TimeGiven>("timeGiven", "Temps donné au projet", "temps donné");

    public override IReadOnlyList<MilestoneField> Fields => [CarrierName, Kind, Status, Time];

    protected override CarrierProfiled Read(FieldReader r, MilestoneHeader h)
    {
        var name = CarrierName.Read(r);
        var (kind, status, time) = (Kind.Read(r), Status.Read(r), Time.Read(r));
        if (kind is null && status is null && time is null && r.Ok)
            r.Error(Status.Name, "dites au moins le type, le titre ou le temps donné");
        return new(h.ProjectId, h.OccurredOn, h.LoggedBy, name, kind, status, time);
    }

    protected override (string Code, string Message)? Violation(ProjectState state, CarrierProfiled e) =>
        state.Carrier is null ? ("noCarrier", "aucune figure entrepreneuriale n'est identifiée à cette date")
        : !ProjectState.Same(state.Carrier.Name, e.CarrierName)
            ? ("notTheCarrier", $"« {e.CarrierName} » n'est pas le porteur à cette date (c'est « {state.Carrier.Name} »)")
        : null;

    protected override ProjectState Apply(ProjectState state, CarrierProfiled e) => state.Carrier is null ? state : state with
    {
        Carrier = state.Carrier with { Profile = new CarrierProfile(e.CarrierKind, e.CarrierStatus, e.TimeGiven, e.OccurredOn) },
    };

    protected override string Summary(CarrierProfiled p) =>
        $" : {p.CarrierName} ({string.Join(", ", new[] { p.CarrierKind is { } k ? FrenchLabels.Of(k) : null, p.CarrierStatus is { } s ? FrenchLabels.Of(s) : null, p.TimeGiven is { } t ? FrenchLabels.Of(t) : null }.OfType<string>()).ToLowerInvariant()})";

    public override IReadOnlyList<string> FreeText => ["CarrierName"];

    protected override CarrierProfiled Rewrite(CarrierProfiled e, ITextRewriter m) => e with { CarrierName = m.Text(e.CarrierName) };
}
