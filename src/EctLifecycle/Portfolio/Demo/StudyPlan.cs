using EctLifecycle.Projects;
using static EctLifecycle.Portfolio.Demo.CarrierStory;
using static EctLifecycle.Portfolio.Demo.Role;
using static EctLifecycle.Portfolio.Demo.Support;
using static EctLifecycle.Portfolio.Demo.Trait;
using static EctLifecycle.Lists.EmergenceContext;
using static EctLifecycle.Lists.StructuringPath;
using Form = EctLifecycle.Lists.LegalForm;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>Where a project stands in the study's selection at the study date.</summary>
internal enum Role
{
    Selected,            // score >= 26, a carrier, resilience above the portfolio mean
    HighWithoutCarrier,  // score >= 26 but no entrepreneurial figure
    HighLowResilience,   // score >= 26, a carrier, resilience below the portfolio mean
    Other,               // below the threshold
}

[Flags]
internal enum Trait { None = 0, Fading = 1, Perfusion = 2, Pause = 4, StopAfterHub = 8 }

/// <summary>
/// One project of the study portfolio: its target ECT score and resilience points at the study date (grid v1),
/// and the shape of its history. The generator draws everything else from the seed.
/// </summary>
internal sealed record PlannedProject(
    string Key, int Year, Role Role, int Score, int Resilience, Support Support, EmergenceContext Context,
    StructuringPath Path, Form? Form, CarrierStory Carrier, Trait Traits = Trait.None,
    int? StopYear = null, StopReason[]? StopReasons = null, string? OtherStopReason = null)
{
    public bool Has(Trait t) => (Traits & t) == t;
}

/// <summary>
/// The 44 projects, keyed in order of emergence. Targets: 15 projects at 26 or more, 8 of them at exactly 26;
/// 10 selected; resilience points summing to 174, a portfolio mean of 174 / 3 / 44 = 1.318 (1.3 once rounded),
/// so 4 resilience points (mean 1.333) are above it and 3 (mean 1.0) below.
/// </summary>
internal static class StudyPlan
{
    public static readonly PlannedProject[] All =
    [
        new("P001", 2014, Other, 18, 3, Hub, StructureNeed, ExtensionOfExistingStructure, Form.Association, Kept, Fading),
        new("P002", 2014, Other, 9, 2, Hub, LocalProgramme, NewLegalEntity, Form.Association, Lost, Fading | StopAfterHub,
            2019, [StopReason.CooperationFaded, StopReason.Other], "fin de l'accompagnement du pôle"),
        new("P003", 2015, Selected, 29, 5, Hub, LocalProgramme, NewLegalEntity, Form.Scic, Kept),
        new("P004", 2015, Other, 21, 4, Hub, NationalProgramme, ExtensionOfExistingStructure, Form.Association, Kept, Perfusion),
        new("P005", 2015, HighLowResilience, 26, 3, OtherStructure, StructureNeed, NewLegalEntity, Form.Association, Kept),
        new("P006", 2016, Selected, 26, 4, Hub, PersonalTrigger, NewLegalEntity, Form.AssociationPlusSas, HandedOver),
        new("P007", 2016, Other, 14, 2, Support.None, PersonalTrigger, RemainsIdea, null, Kept),
        new("P008", 2016, Other, 13, 3, Hub, NationalProgramme, NewLegalEntity, Form.Association, Kept, StopAfterHub,
            2020, [StopReason.FundingLostOrEnded, StopReason.MergedIntoAnotherProject]),
        new("P009", 2016, Other, 20, 4, Hub, StructureNeed, ExtensionOfExistingStructure, Form.Association, Kept, Pause),
        new("P010", 2017, Selected, 32, 7, Hub, LocalProgramme, NewLegalEntity, Form.Scic, HubCarried),
        new("P011", 2017, HighWithoutCarrier, 27, 4, Hub, LocalProgramme, NewLegalEntity, Form.Scic, Lost),
        new("P012", 2017, Other, 16, 3, Hub, PersonalTrigger, NewLegalEntity, Form.Sarl, Kept),
        new("P013", 2017, Other, 7, 1, Hub, PersonalTrigger, RemainsIdea, null, Lost, Trait.None, 2019, [StopReason.CarrierLeft]),
        new("P014", 2017, Other, 23, 4, OtherStructure, StructureNeed, ExtensionOfExistingStructure, Form.Association, Kept),
        new("P015", 2018, Selected, 26, 5, Hub, NationalProgramme, NewLegalEntity, Form.Association, Kept),
        new("P016", 2018, Other, 19, 3, Hub, LocalProgramme, NewLegalEntity, Form.PublicBody, Kept, Perfusion),
        new("P017", 2018, Selected, 28, 7, Hub, StructureNeed, NewLegalEntity, Form.Scic, LostThenNew),
        new("P018", 2018, Other, 22, 5, Hub, LocalProgramme, ExtensionOfExistingStructure, Form.Association, HandedOver, Fading),
        new("P019", 2018, Other, 13, 2, Hub, StructureNeed, NewLegalEntity, Form.Association, Kept, StopAfterHub,
            2022, [StopReason.NoAppropriation]),
        new("P020", 2019, HighLowResilience, 26, 3, Hub, StructureNeed, NewLegalEntity, Form.Scop, Kept),
        new("P021", 2019, Selected, 30, 8, Hub, LocalProgramme, NewLegalEntity, Form.AssociationPlusSas, Kept, Pause),
        new("P022", 2019, Other, 25, 6, Hub, NationalProgramme, NewLegalEntity, Form.Association, Kept),
        new("P023", 2019, Other, 15, 4, Support.None, PersonalTrigger, NewLegalEntity, Form.Sas, Kept),
        new("P024", 2019, Other, 20, 3, Hub, StructureNeed, NewLegalEntity, Form.Association, HandedOver, Fading),
        new("P025", 2019, Selected, 26, 4, Hub, PersonalTrigger, NewLegalEntity, Form.Association, Kept),
        new("P026", 2020, Other, 24, 6, Hub, LocalProgramme, NewLegalEntity, Form.Scic, Kept),
        new("P027", 2020, HighWithoutCarrier, 26, 5, Hub, NationalProgramme, NewLegalEntity, Form.Association, CarrierStory.None),
        new("P028", 2020, Other, 10, 2, OtherStructure, PersonalTrigger, NewLegalEntity, Form.Sarl, Lost, Trait.None,
            2023, [StopReason.CarrierLeft, StopReason.FundingLostOrEnded]),
        new("P029", 2020, Selected, 27, 6, Hub, StructureNeed, ExtensionOfExistingStructure, Form.Association, Kept),
        new("P030", 2020, Other, 17, 4, Hub, NationalProgramme, NewLegalEntity, Form.PublicBody, Kept, Perfusion),
        new("P031", 2021, Selected, 26, 5, Hub, LocalProgramme, NewLegalEntity, Form.Scic, Kept),
        new("P032", 2021, Other, 21, 4, Hub, StructureNeed, NewLegalEntity, Form.Association, Kept, Fading),
        new("P033", 2021, HighLowResilience, 27, 3, Hub, LocalProgramme, NewLegalEntity, Form.Association, Kept),
        new("P034", 2021, Other, 13, 3, Support.None, PersonalTrigger, RemainsIdea, null, Kept),
        new("P035", 2021, Other, 8, 2, Hub, PersonalTrigger, NewLegalEntity, Form.Association, Lost, Fading,
            2023, [StopReason.CooperationFaded, StopReason.CarrierLeft]),
        new("P036", 2022, Selected, 26, 5, Hub, NationalProgramme, NewLegalEntity, Form.AssociationPlusSas, Kept),
        new("P037", 2022, Other, 18, 4, Hub, LocalProgramme, ExtensionOfExistingStructure, Form.Association, Kept, Perfusion),
        new("P038", 2022, Other, 22, 5, Support.None, StructureNeed, NewLegalEntity, Form.Scop, Kept),
        new("P039", 2022, Other, 16, 4, Hub, StructureNeed, RemainsIdea, null, HubCarried),
        new("P040", 2023, Other, 15, 4, Hub, LocalProgramme, NewLegalEntity, Form.Association, Kept),
        new("P041", 2023, Other, 13, 3, Hub, PersonalTrigger, RemainsIdea, null, Kept),
        new("P042", 2023, Other, 14, 4, Hub, NationalProgramme, NewLegalEntity, Form.Association, Kept),
        new("P043", 2024, Other, 9, 3, Hub, LocalProgramme, RemainsIdea, null, CarrierStory.None),
        new("P044", 2024, Other, 11, 3, Hub, StructureNeed, ExtensionOfExistingStructure, Form.Association, CarrierStory.None),
    ];
}
