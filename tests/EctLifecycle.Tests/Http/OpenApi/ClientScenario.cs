// Not compiled with the tests: UsingAGeneratedClient compiles it against the client Kiota generates from
// /openapi/v1.json, as a script would be written against it. Each name below (EctClient, ActorJoinedMilestone,
// GetByQueryParameterType…) is one the description gives: a description that loses a body, a field, a value or a route
// fails to compile here.
using Ect.Generated;
using Ect.Generated.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Ect.Scenario;

public static class ClientScenario
{
    /// <summary>
    /// Signs in with a personal token, registers a project, logs one milestone of each type, reads the project, then
    /// calls each analysis (JSON and CSV) and each report with the analyst's token. Writes what it sees into
    /// <paramref name="seen"/>, by name, as it goes.
    /// </summary>
    public static async Task RunAsync(HttpClient http, string staffToken, string analystToken, Dictionary<string, object?> seen)
    {
        var staff = Client(http, staffToken);
        var analyst = Client(http, analystToken);

        var created = await staff.Api.Projects.PostAsync(new ProjectRegistration
        {
            Name = "Les Paniers", Sector = "alimentation", Commune = "Lons-le-Saunier", Summary = "Paniers bio",
            OccurredOn = new Date(2018, 3, 1), EmergenceContext = ProjectRegistration_emergenceContext.LocalProgramme,
            HubRole = ProjectRegistration_hubRole.Animator, InspiredElsewhere = false,
        });
        var id = created!.Id!.Value;
        var project = staff.Api.Projects[id];

        var logged = new List<string>();
        seen["logged"] = logged;
        async Task<Guid> Log(string type, Milestone milestone)
        {
            var answer = await project.Milestones.PostAsync(milestone);
            logged.Add(type);
            return answer!.EventId!.Value;
        }
        await Log("actorJoined", new() { ActorJoinedMilestone = new()
        {
            Type = ActorJoinedMilestone_type.ActorJoined, OccurredOn = new Date(2018, 4, 1), ActorName = "Amap",
            Kind = ActorJoinedMilestone_kind.Association, IsLocal = true, Role = ActorJoinedMilestone_role.Partner,
        } });
        await Log("carrierIdentified", new() { CarrierIdentifiedMilestone = new()
        {
            Type = CarrierIdentifiedMilestone_type.CarrierIdentified, OccurredOn = new Date(2018, 5, 1), CarrierName = "Julie Martin",
            CarrierType = CarrierIdentifiedMilestone_carrierType.Person,
        } });
        await Log("carrierProfiled", new() { CarrierProfiledMilestone = new()
        {
            Type = CarrierProfiledMilestone_type.CarrierProfiled, OccurredOn = new Date(2018, 5, 1), CarrierName = "Julie Martin",
            CarrierStatus = CarrierProfiledMilestone_carrierStatus.Volunteer, TimeGiven = CarrierProfiledMilestone_timeGiven.PartTime,
        } });
        await Log("bornOf", new() { BornOfMilestone = new()
        {
            Type = BornOfMilestone_type.BornOf, OccurredOn = new Date(2018, 3, 1), Origin = BornOfMilestone_origin.HubMethod,
            Method = "Fabrique à initiatives",
        } });
        await Log("naturalPersonMarked", new() { NaturalPersonMarkedMilestone = new()
        {
            Type = NaturalPersonMarkedMilestone_type.NaturalPersonMarked, OccurredOn = new Date(2018, 5, 2), Name = "Julie Martin", NaturalPerson = true,
        } });
        seen["communes"] = (await staff.Api.Communes.GetAsync(c => c.QueryParameters.Q = "lons"))?.FirstOrDefault()?.Code;
        await Log("communePlaced", new() { CommunePlacedMilestone = new()
        {
            Type = CommunePlacedMilestone_type.CommunePlaced, OccurredOn = new Date(2018, 5, 3), CommuneCode = "39300", FromText = "Lons-le-Saunier",
        } });
        await Log("structuringPathChosen", new() { StructuringPathChosenMilestone = new()
        {
            Type = StructuringPathChosenMilestone_type.StructuringPathChosen, OccurredOn = new Date(2018, 6, 1),
            Path = StructuringPathChosenMilestone_path.NewLegalEntity,
        } });
        await Log("legalFormAdopted", new() { LegalFormAdoptedMilestone = new()
        {
            Type = LegalFormAdoptedMilestone_type.LegalFormAdopted, OccurredOn = new Date(2018, 7, 1),
            Form = LegalFormAdoptedMilestone_form.Scic, InEss = true,
        } });
        await Log("fundingSecured", new() { FundingSecuredMilestone = new()
        {
            Type = FundingSecuredMilestone_type.FundingSecured, OccurredOn = new Date(2018, 8, 1), FundingId = "REG-1",
            SourceKind = FundingSecuredMilestone_sourceKind.PublicSubsidy, Funder = "Région", AmountEuros = 20000m,
        } });
        await Log("accompanimentStarted", new() { AccompanimentStartedMilestone = new()
        {
            Type = AccompanimentStartedMilestone_type.AccompanimentStarted, OccurredOn = new Date(2018, 9, 1), ByHub = true, Programme = "Émergence",
        } });
        await Log("externalExpertiseSought", new() { ExternalExpertiseSoughtMilestone = new()
        {
            Type = ExternalExpertiseSoughtMilestone_type.ExternalExpertiseSought, OccurredOn = new Date(2018, 10, 1),
            What = "juridique SCIC", FromWhom = "URSCOP", OutsideTerritory = true,
        } });
        await Log("criteriaAssessed", new() { CriteriaAssessedMilestone = new()
        {
            Type = CriteriaAssessedMilestone_type.CriteriaAssessed, OccurredOn = new Date(2019, 1, 15), GridVersion = "v1",
            Scores = [new() { CriterionId = "cooperation-alive", Points = 2, Rationale = "réunions mensuelles" }],
        } });
        var note = await Log("note", new() { NoteMilestone = new()
        {
            Type = NoteMilestone_type.Note, OccurredOn = new Date(2019, 2, 1), Text = "Appel du porteur",
        } });
        await Log("projectPaused", new() { ProjectPausedMilestone = new()
        {
            Type = ProjectPausedMilestone_type.ProjectPaused, OccurredOn = new Date(2019, 3, 1), Reason = "congé du porteur",
        } });
        await Log("projectResumed", new() { ProjectResumedMilestone = new()
        {
            Type = ProjectResumedMilestone_type.ProjectResumed, OccurredOn = new Date(2019, 5, 1),
        } });
        await Log("carryingHandedOver", new() { CarryingHandedOverMilestone = new()
        {
            Type = CarryingHandedOverMilestone_type.CarryingHandedOver, OccurredOn = new Date(2019, 6, 1), From = "Julie Martin", To = "Amap",
            HubAsIntermediary = true,
        } });
        await Log("carrierLost", new() { CarrierLostMilestone = new()
        {
            Type = CarrierLostMilestone_type.CarrierLost, OccurredOn = new Date(2019, 6, 15), Reason = "l'Amap se retire",
        } });
        await Log("actorLeft", new() { ActorLeftMilestone = new()
        {
            Type = ActorLeftMilestone_type.ActorLeft, OccurredOn = new Date(2019, 7, 1), ActorName = "Amap", Reason = "fin du partenariat",
        } });
        await Log("fundingEnded", new() { FundingEndedMilestone = new()
        {
            Type = FundingEndedMilestone_type.FundingEnded, OccurredOn = new Date(2019, 8, 1), FundingId = "REG-1", Reason = "fin de convention",
        } });
        await Log("accompanimentEnded", new() { AccompanimentEndedMilestone = new()
        {
            Type = AccompanimentEndedMilestone_type.AccompanimentEnded, OccurredOn = new Date(2019, 9, 1), ByHub = true,
        } });
        await Log("outputsMeasured", new() { OutputsMeasuredMilestone = new()
        {
            Type = OutputsMeasuredMilestone_type.OutputsMeasured, OccurredOn = new Date(2019, 12, 1), JobsFte = 2.5m, Beneficiaries = 120,
            ActivityVolume = 1200m, ActivityUnit = "paniers",
        } });
        await Log("projectStopped", new() { ProjectStoppedMilestone = new()
        {
            Type = ProjectStoppedMilestone_type.ProjectStopped, OccurredOn = new Date(2020, 6, 1),
            Reasons = [ProjectStoppedMilestone_reasons.CarrierLeft], HubStance = ProjectStoppedMilestone_hubStance.Archive,
        } });
        await Log("followUpObserved", new() { FollowUpObservedMilestone = new()
        {
            Type = FollowUpObservedMilestone_type.FollowUpObserved, OccurredOn = new Date(2021, 6, 1), ActivityStillRunning = false,
        } });
        await Log("retraction", new() { RetractionMilestone = new()
        {
            Type = RetractionMilestone_type.Retraction, OccurredOn = new Date(2021, 7, 1), RetractedEventId = note, Reason = "saisie en double",
        } });

        Task<ProjectView?> At(int y, int m, int d) => project.GetAsync(c => c.QueryParameters.AsOf = new Date(y, m, d));
        seen["stage 2019-04-01"] = (await At(2019, 4, 1))?.Stage?.ToString();
        var before = await At(2019, 5, 31);
        seen["stage 2019-05-31"] = before?.Stage?.ToString();
        seen["stage 2019-12-31"] = (await At(2019, 12, 31))?.Stage?.ToString();
        seen["cooperation-alive"] = before?.Score?.Criteria?.Single(c => c.Id == "cooperation-alive").Points;
        seen["legal form"] = before?.LegalForm?.Form?.ToString();
        seen["stage 2020-12-31"] = (await At(2020, 12, 31))?.Stage?.ToString();
        var history = await project.History.GetAsync();
        seen["history"] = history?.Count;
        seen["retracted"] = history?.Where(e => e.Retracted == true).Select(e => e.Type).ToList();

        // Every analysis, as the analyst.
        var a = analyst.Api.Analytics;
        seen["portfolio"] = (await a.Portfolio.GetAsync())?.Profiles?.Count;
        seen["distribution"] = (await a.Distribution.GetAsync(c => c.QueryParameters.Grid = Ect.Generated.Api.Analytics.Distribution.GetGridQueryParameterType.V1))?.Projects;
        seen["sample"] = (await a.Sample.GetAsync())?.GridVersion;
        var compare = await a.Compare.GetAsync(c => c.QueryParameters.With = Ect.Generated.Api.Analytics.Compare.GetWithQueryParameterType.V2);
        seen["compare"] = $"{compare?.Base?.GridVersion}/{compare?.Other?.GridVersion}";
        seen["drift"] = (await a.Projects[id].Drift.GetAsync(c => c.QueryParameters.Period = Ect.Generated.Api.Analytics.Projects.Item.Drift.GetPeriodQueryParameterType.Quarter))?.Samples?.Count > 0;
        var cohorts = await a.Cohorts.GetAsync(c => c.QueryParameters.By = Ect.Generated.Api.Analytics.Cohorts.GetByQueryParameterType.LegalForm);
        seen["cohorts"] = cohorts?.Points?.Select(p => p.Cohort).Distinct().ToList();
        seen["aligned"] = (await a.Aligned.GetAsync(c => c.QueryParameters.On = Ect.Generated.Api.Analytics.Aligned.GetOnQueryParameterType.LegalFormAdopted))?.ProjectsAligned;
        seen["territory"] = (await a.Territory.GetAsync())?.InAgglomeration;
        seen["outputs"] = (await a.Outputs.GetAsync(c => c.QueryParameters.AsOf = new Date(2019, 12, 31)))?.ProjectsReporting;
        seen["entrepreneurial-figure"] = (await a.EntrepreneurialFigure.GetAsync())?.Projects;
        seen["lineage"] = (await a.Lineage.GetAsync())?.BornOfOthers;
        var csv = new Dictionary<string, string?>
        {
            ["territory.csv"] = await FirstLine(a.TerritoryCsv.GetAsync()),
            ["outputs.csv"] = await FirstLine(a.OutputsCsv.GetAsync()),
            ["entrepreneurial-figure.csv"] = await FirstLine(a.EntrepreneurialFigureCsv.GetAsync()),
            ["lineage.csv"] = await FirstLine(a.LineageCsv.GetAsync()),
            ["portfolio.csv"] = await FirstLine(a.PortfolioCsv.GetAsync()),
            ["distribution.csv"] = await FirstLine(a.DistributionCsv.GetAsync()),
            ["sample.csv"] = await FirstLine(a.SampleCsv.GetAsync()),
            ["compare.csv"] = await FirstLine(a.CompareCsv.GetAsync(c => c.QueryParameters.With = Ect.Generated.Api.Analytics.CompareCsv.GetWithQueryParameterType.V2)),
            ["drift.csv"] = await FirstLine(a.Projects[id].DriftCsv.GetAsync()),
            ["cohorts.csv"] = await FirstLine(a.CohortsCsv.GetAsync(c => c.QueryParameters.By = Ect.Generated.Api.Analytics.CohortsCsv.GetByQueryParameterType.Stopped)),
            ["aligned.csv"] = await FirstLine(a.AlignedCsv.GetAsync(c => c.QueryParameters.On = Ect.Generated.Api.Analytics.AlignedCsv.GetOnQueryParameterType.CarrierLost)),
        };
        seen["csv"] = csv;
        seen["durability"] = (await analyst.Api.Reports.Durability.GetAsync())?.Stopped?.Count;
        seen["durability of the project"] = (await analyst.Api.Reports.Durability[id].GetAsync())?.StoppedOn?.ToString();
    }

    private static async Task<string?> FirstLine(Task<Stream?> file)
    {
        await using var stream = await file;
        using var reader = new StreamReader(stream!);
        return (await reader.ReadLineAsync())?.TrimStart('\uFEFF');
    }

    private static EctClient Client(HttpClient http, string token) => new(new HttpClientRequestAdapter(
        new BaseBearerTokenAuthenticationProvider(new PersonalToken(token)), httpClient: http)
    {
        BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
    });

    /// <summary>A personal token made on « Mon compte » (or by <c>users token</c>), sent as Authorization: Bearer.</summary>
    private sealed class PersonalToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default) => Task.FromResult(token);
    }
}
