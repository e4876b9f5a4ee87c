using System.Net;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Scoring;

public class ServingGrids(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task the_grids_are_served_as_data()
    {
        var list = await Client.GetStringAsync("/api/grids");
        list.ShouldContain("\"version\":\"v1\"");
        var v1 = await GetJsonAsync("/api/grids/v1");
        v1["criteria"]!.AsArray().Count.ShouldBe(13);
        v1["maxScore"]!.GetValue<int>().ShouldBe(39);
        v1["criteria"]![0]!["levels"]!["3"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        (await Client.GetAsync("/api/grids/v99")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task health_checks_the_database_and_the_api_is_described_by_openapi()
    {
        (await GetJsonAsync("/health"))["database"]!.GetValue<string>().ShouldBe("up");
        var openApi = await GetJsonAsync("/openapi/v1.json");
        var paths = openApi["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/api/projects");
        paths.ShouldContain("/api/projects/{id}/milestones");
        paths.ShouldContain("/api/projects/{id}/drift");
    }
}
