using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Accounts;
using EctLifecycle.Analytics;
using EctLifecycle.Durability;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Http.OpenApi;

/// <summary>
/// /openapi/v1.json against the app's own lists: its milestone types, its closed lists, its grids, its endpoints and
/// their policies. A milestone type, a list value, a route or a role added without its description fails here.
/// </summary>
public class DescribingTheApi(AppFixture app) : ApiTest(app)
{
    private async Task<JsonObject> DocumentAsync() => await GetJsonAsync("/openapi/v1.json");

    private static JsonObject Schemas(JsonObject doc) => doc["components"]!["schemas"]!.AsObject();

    private static JsonObject Resolve(JsonObject doc, JsonNode schema) =>
        schema["$ref"] is { } r ? Schemas(doc)[r.GetValue<string>().Split('/')[^1]]!.AsObject() : schema.AsObject();

    private static List<string> Strings(JsonNode? array) => array?.AsArray().Select(v => v!.GetValue<string>()).ToList() ?? [];

    [Fact]
    public async Task every_milestone_type_is_in_the_discriminated_oneOf_of_the_milestone_route()
    {
        var doc = await DocumentAsync();
        var body = doc["paths"]!["/api/projects/{id}/milestones"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var milestone = Resolve(doc, body);
        milestone["discriminator"]!["propertyName"]!.GetValue<string>().ShouldBe("type");
        var mapping = milestone["discriminator"]!["mapping"]!.AsObject();
        mapping.Select(m => m.Key).ShouldBe(MilestoneKinds.Types, ignoreOrder: true);
        milestone["oneOf"]!.AsArray().Count.ShouldBe(MilestoneKinds.Types.Count);
        foreach (var type in MilestoneKinds.Types)
        {
            var schema = Resolve(doc, new JsonObject { ["$ref"] = mapping[type]!.GetValue<string>() });
            Strings(schema["properties"]!["type"]!["enum"]).ShouldBe([type]);
            Strings(schema["required"]).ShouldContain("occurredOn");
            schema["title"]!.GetValue<string>().ShouldBe(FrenchLabels.MilestoneTypes[type]);
            milestone["oneOf"]!.AsArray().Select(o => o!["$ref"]!.GetValue<string>()).ShouldContain(mapping[type]!.GetValue<string>());
        }
        Resolve(doc, doc["paths"]!["/api/projects"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!)
            ["required"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(
                ["occurredOn", "name", "sector", "commune", "summary", "emergenceContext", "hubRole", "inspiredElsewhere"], ignoreOrder: true);
    }

    [Fact]
    public async Task each_milestone_schema_names_exactly_the_fields_the_api_reads()
    {
        var doc = await DocumentAsync();
        var id = await RegisterAsync();
        foreach (var type in MilestoneKinds.Types)
        {
            var schema = Schemas(doc)[$"{char.ToUpperInvariant(type[0])}{type[1..]}Milestone"]!.AsObject();
            var properties = schema["properties"]!.AsObject().Select(p => p.Key).Where(p => p != "type").ToList();
            schema["additionalProperties"]!.GetValue<bool>().ShouldBeFalse();

            // Each described field given a value of no kind the API takes: refused for its value, never as unknown.
            var wrong = new JsonObject { ["type"] = type };
            foreach (var p in properties) wrong[p] = new JsonObject { ["x"] = 1 };
            var errors = await ErrorsAsync(id, wrong);
            foreach (var p in properties)
            {
                errors.ShouldContainKey(p, $"{type}.{p}");
                errors[p].ShouldNotContain("champ inconnu pour ce type de jalon", $"{type}.{p}");
            }
            // A field it does not describe is refused as unknown.
            (await ErrorsAsync(id, new JsonObject { ["type"] = type, ["undescribed"] = "x" }))["undescribed"]
                .ShouldContain("champ inconnu pour ce type de jalon");
            // Every field it says required is asked for when missing.
            var missing = await ErrorsAsync(id, new JsonObject { ["type"] = type });
            foreach (var required in Strings(schema["required"]).Where(r => r != "type"))
                missing.ShouldContainKey(required, $"{type}.{required}");
        }
    }

    private async Task<Dictionary<string, string[]>> ErrorsAsync(Guid id, JsonObject body)
    {
        var response = await Client.PostAsJsonAsync($"/api/projects/{id}/milestones", body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body.ToJsonString());
        var problem = await ProblemAsync(response);
        return problem["errors"]!.AsObject().ToDictionary(e => e.Key, e => e.Value!.AsArray().Select(m => m!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task every_value_of_every_closed_list_a_body_reads_is_allowed_by_the_description()
    {
        var doc = await DocumentAsync();
        string[] Enum(string schema, string field, bool items = false)
        {
            var property = Schemas(doc)[schema]!["properties"]![field]!;
            return Strings((items ? property["items"]! : property)["enum"]).ToArray();
        }
        Enum("ProjectRegistration", "emergenceContext").ShouldBe(Vocabulary.WireNames<EmergenceContext>());
        Enum("ProjectRegistration", "hubRole").ShouldBe(Vocabulary.WireNames<HubRole>());
        Enum("ActorJoinedMilestone", "kind").ShouldBe(Vocabulary.WireNames<ActorKind>());
        Enum("ActorJoinedMilestone", "role").ShouldBe(Vocabulary.WireNames<ActorRole>());
        Enum("StructuringPathChosenMilestone", "path").ShouldBe(Vocabulary.WireNames<StructuringPath>());
        Enum("LegalFormAdoptedMilestone", "form").ShouldBe(Vocabulary.WireNames<LegalForm>());
        Enum("FundingSecuredMilestone", "sourceKind").ShouldBe(Vocabulary.WireNames<FundingSourceKind>());
        Enum("ProjectStoppedMilestone", "reasons", items: true).ShouldBe(Vocabulary.WireNames<StopReason>());
        Enum("ProjectStoppedMilestone", "hubStance").ShouldBe(Vocabulary.WireNames<HubStance>());
        // and each value is explained in French
        Schemas(doc)["ActorJoinedMilestone"]!["properties"]!["role"]!["description"]!.GetValue<string>()
            .ShouldContain($"carrier ({FrenchLabels.Of(ActorRole.Carrier)})");
    }

    [Fact]
    public async Task every_analysis_and_report_describes_its_query_parameters_with_their_allowed_values()
    {
        var doc = await DocumentAsync();
        var grids = App.Host.Services.GetRequiredService<GridCatalog>().Versions;
        var routes = doc["paths"]!.AsObject().Where(p => p.Key.StartsWith("/api/analytics/") || p.Key.StartsWith("/api/reports/")).ToList();
        routes.Count.ShouldBe(32); // 15 analyses in JSON and CSV (the typology, the persistence, the territory, what projects produce, the network, the entrepreneurial figure, the lineage and the hub events the last eight), 2 reports
        foreach (var (path, item) in routes)
        {
            var parameters = item!["get"]!["parameters"]!.AsArray().Where(p => p!["in"]!.GetValue<string>() == "query")
                .ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!.AsObject());
            parameters["asOf"]["schema"]!["format"]!.GetValue<string>().ShouldBe("date", path);
            parameters["knownAt"]["schema"]!["format"]!.GetValue<string>().ShouldBe("date", path);
            Strings(parameters["grid"]["schema"]!["enum"]).ShouldBe(grids, path);
            if (path.StartsWith("/api/reports/")) Strings(parameters["format"]["schema"]!["enum"]).ShouldBe(Vocabulary.WireNames<ReportFormat>());
            else if (!path.EndsWith(".csv")) Strings(parameters["format"]["schema"]!["enum"]).ShouldBe(["json", "csv"]);
            else parameters.ShouldNotContainKey("format", path);

            void Has<TEnum>(string name, bool required) where TEnum : struct, Enum
            {
                Strings(parameters[name]["schema"]!["enum"]).ShouldBe(Vocabulary.WireNames<TEnum>(), path);
                (parameters[name]["required"]?.GetValue<bool>() ?? false).ShouldBe(required, $"{path} {name}");
            }
            if (path.StartsWith("/api/analytics/cohorts")) { Has<CohortField>("by", true); Has<EctLifecycle.Analytics.Period>("period", false); }
            if (path.StartsWith("/api/analytics/aligned")) { Has<AlignAnchor>("on", true); Has<CohortField>("by", false); }
            if (path.StartsWith("/api/analytics/projects/{id}/drift")) Has<EctLifecycle.Analytics.Period>("period", false);
            if (path.StartsWith("/api/analytics/compare")) Strings(parameters["with"]["schema"]!["enum"]).ShouldBe(grids, path);
            if (path.StartsWith("/api/analytics/persistence"))
                foreach (var rule in new[] { "driftPoints", "closerPoints", "pillarPoints" })
                    parameters[rule]["description"]!.GetValue<string>().ShouldContain("Persistence:", Case.Sensitive, $"{path} {rule}");
        }
    }

    [Fact]
    public async Task files_are_described_with_their_media_types_and_the_import_as_multipart()
    {
        var doc = await DocumentAsync();
        JsonObject Ok(string path) => doc["paths"]![path]!["get"]!["responses"]!["200"]!["content"]!.AsObject();
        foreach (var (path, _) in doc["paths"]!.AsObject().Where(p => p.Key.EndsWith(".csv")))
            Ok(path).Select(c => c.Key).ShouldBe(["text/csv"], path);
        foreach (var (path, _) in doc["paths"]!.AsObject().Where(p => p.Key.StartsWith("/api/analytics/") && !p.Key.EndsWith(".csv")))
            Ok(path).Select(c => c.Key).ShouldBe(["application/json", "text/csv"], ignoreOrder: true, path);
        foreach (var path in new[] { "/api/reports/durability", "/api/reports/durability/{id}" })
            Ok(path).Select(c => c.Key).ShouldBe(["application/json", "text/html", "application/pdf", "text/markdown", "text/csv"], ignoreOrder: true);
        Ok("/api/exports/portfolio.zip").Select(c => c.Key).ShouldBe(["application/zip"]);
        Ok("/api/exports/portfolio.xlsx").Select(c => c.Key).ShouldBe(["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]);

        var form = doc["paths"]!["/api/imports"]!["post"]!["requestBody"]!["content"]!.AsObject();
        form.Select(c => c.Key).ShouldBe(["multipart/form-data"]);
        form["multipart/form-data"]!["schema"]!["properties"]!["file"]!["format"]!.GetValue<string>().ShouldBe("binary");
        Strings(form["multipart/form-data"]!["schema"]!["required"]).ShouldBe(["file"]);
    }

    [Fact]
    public async Task every_route_but_the_anonymous_ones_requires_the_bearer_token_and_says_which_roles_may_call_it()
    {
        var doc = await DocumentAsync();
        var scheme = doc["components"]!["securitySchemes"]!["bearer"]!;
        scheme["type"]!.GetValue<string>().ShouldBe("http");
        scheme["scheme"]!.GetValue<string>().ShouldBe("bearer");

        var policies = App.Host.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var endpoints = App.Host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/") || raw == "/health"))
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not null).ToList();
        endpoints.Count.ShouldBeGreaterThan(30);
        foreach (var endpoint in endpoints)
        {
            var path = endpoint.RoutePattern.RawText!;
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Single().ToLowerInvariant();
            var operation = doc["paths"]![path]?[method] ?? throw new ShouldAssertException($"{method} {path} is not described");
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                operation["security"]!.AsArray().Single()!.AsObject().Count.ShouldBe(0, path); // open to all, said so
                continue;
            }
            operation["security"]!.AsArray().Single()!.AsObject().Select(s => s.Key).ShouldBe(["bearer"], path);
            var data = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var policy = data.Count > 0 ? await AuthorizationPolicy.CombineAsync(policies, data) : await policies.GetFallbackPolicyAsync();
            var expected = Enum.GetValues<Role>().Where(r => policy!.Requirements.OfType<RolesAuthorizationRequirement>()
                .All(q => q.AllowedRoles.Contains(r.ToString()))).Select(r => r.ToString()).ToList();
            Strings(operation["x-roles"]).ShouldBe(expected, ignoreOrder: true, path);
            operation["description"]!.GetValue<string>().ShouldContain("Rôles : ", Case.Sensitive, path);
            operation["responses"]!["401"].ShouldNotBeNull(path);
        }
        doc.ToJsonString().ShouldNotContain("IResult"); // the framework's return type is no answer's schema
        Strings(doc["paths"]!["/api/analytics/cohorts"]!["get"]!["x-roles"]).ShouldBe(["Analyst", "Admin"]);
        Strings(doc["paths"]!["/api/projects/{id}/milestones"]!["post"]!["x-roles"]).ShouldBe(["Staff", "Admin"]);
        Strings(doc["paths"]!["/api/audit"]!["get"]!["x-roles"]).ShouldBe(["Admin"]);
        Strings(doc["paths"]!["/api/reports/durability"]!["get"]!["x-roles"]).ShouldBe(["Staff", "Analyst", "Admin"]);
        doc["paths"]!["/api/analytics/cohorts"]!["get"]!["description"]!.GetValue<string>().ShouldContain("Rôles : Analyste, Administrateur.");
    }
}
