namespace EctLifecycle.Lists;

// The domain's closed lists. They travel as camelCase strings (JSON and the event store).

public enum EmergenceContext { NationalProgramme, LocalProgramme, PersonalTrigger, StructureNeed }

public enum HubRole { Origin, Animator, Absent }

public enum ActorKind { PublicBody, Association, Company, Farmer, Inhabitant, Hub, SupportStructure, ResearchBody, Other }

public enum ActorRole { Initiator, Carrier, Partner, Funder, BeneficiariesRepresentative }

public enum StructuringPath { RemainsIdea, ExtensionOfExistingStructure, NewLegalEntity }

public enum LegalForm { Association, Scic, Scop, Sas, Sarl, PublicBody, AssociationPlusSas, Other }

public enum FundingSourceKind
{
    PublicSubsidy, CallForProjects, Sales, Memberships, Donations, Loan, VolunteeringInKind, PrivateFoundation
}

public enum Stage { Idea, Collective, Structuring, Operating, Paused, Stopped }

/// <summary>Why a project stopped: a fixed list, so stops can be counted; <c>Other</c> carries its own text.</summary>
public enum StopReason
{
    FundingLostOrEnded, CarrierLeft, CooperationFaded, NoAppropriation, GoalReached, MergedIntoAnotherProject,
    RegulatoryObstacle, Other,
}

/// <summary>What the hub means to do about a stopped project.</summary>
public enum HubStance { FollowUp, TryToRevive, CapitaliseLessons, Archive }

public static class Vocabulary
{
    /// <summary>Sources counted as public money: the dependency signal (<i>sous perfusion</i>).</summary>
    public static bool IsPublic(this FundingSourceKind kind) =>
        kind is FundingSourceKind.PublicSubsidy or FundingSourceKind.CallForProjects;

    public static string Wire<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        Wires<TEnum>.ByValue.TryGetValue(value, out var name) ? name : WireOf(value.ToString());

    public static IReadOnlyList<string> WireNames<TEnum>() where TEnum : struct, Enum => Wires<TEnum>.Names;

    /// <summary>The wire names of any list, when its type is only known at run time (the API's description).</summary>
    public static IReadOnlyList<string> WireNames(Type enumType) => Enum.GetNames(enumType).Select(WireOf).Distinct().ToList();

    /// <summary>The value whose wire name this is, case ignored.</summary>
    public static bool TryParseWire<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        return text is not null && Wires<TEnum>.ByName.TryGetValue(text, out value);
    }

    private static string WireOf(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    // Computed once per list: reading an import's hundreds of thousands of rows named the values again at every cell.
    private static class Wires<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().Distinct().ToDictionary(v => v, v => WireOf(v.ToString()));
        public static readonly IReadOnlyList<string> Names = Enum.GetValues<TEnum>().Select(v => ByValue[v]).ToList().AsReadOnly();
        public static readonly Dictionary<string, TEnum> ByName =
            ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);
    }
}
