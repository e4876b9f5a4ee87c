using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>A carrier's minimal profile (<see cref="CarrierProfiled"/>): each part null when not said.</summary>
public sealed record CarrierProfile(ActorKind? Kind, CarrierStatus? Status, TimeGiven? TimeGiven, DateOnly On);

/// <summary>
/// The carrier's type (issue 18), shared by the identification and the handover. A carrier logged before types existed,
/// or without one, has none: « non dit ». It counts as a carrier as it always did; only the hub's interim carrying
/// (<see cref="CarrierType.HubAwaitingCarrier"/>) is for the grid to count or not.
/// </summary>
public static class CarrierTypes
{
    public const string Help =
        "Une personne, une structure, ou le pôle qui porte l'activité « dans l'attente de l'identification d'un porteur ». " +
        "Facultatif : non dit, le porteur compte comme porteur.";

    public static MilestoneField<CarrierType?> Field(string name, string label, string header) =>
        Projects.Field.OptionalChoice<CarrierType>(name, label, header, Help);

    /// <summary>The type, with the one rule it has with the natural-person flag: the hub is not a natural person.</summary>
    public static CarrierType? Read(FieldReader r, MilestoneField<CarrierType?> type, bool? naturalPerson)
    {
        var value = type.Read(r);
        if (value == CarrierType.HubAwaitingCarrier && naturalPerson == true)
            r.Error(type.Name, "le pôle n'est pas une personne physique : décochez « personne physique » ou choisissez un autre type");
        return value;
    }

    /// <summary>« , une structure » after a name in the journey, when the type is said.</summary>
    public static string Said(CarrierType? type) => type is { } t ? $", {FrenchLabels.Of(t).ToLowerInvariant()}" : "";

    /// <summary>The wire value of a carrier's type in the analyses: its type, « notSaid », or « none » without a carrier.</summary>
    public const string NotSaid = "notSaid", None = "none";

    public static string GroupOf(Carrier? carrier) => carrier is null ? None : carrier.Type?.Wire() ?? NotSaid;
}
