using System.Net;
using System.Text.Json.Nodes;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Analytics;

/// <summary>
/// The portfolio at a date in pages (issue 17: at 100,000 projects the whole answer is hundreds of megabytes): the pages,
/// put end to end, are the whole answer's profiles in the same order; every page carries the figures of the whole
/// portfolio; a wrong page or size is refused in French, naming the field.
/// </summary>
public class PortfolioPages(AppFixture app) : ApiTest(app)
{
    private const string At = "/api/analytics/portfolio?asOf=2024-06-30";

    [Fact]
    public async Task the_pages_end_to_end_are_the_whole_portfolio_and_each_carries_its_figures()
    {
        await ImportSyntheticAsync(23, seed: 5);
        var whole = await GetJsonAsync(At);
        whole.ContainsKey("page").ShouldBeFalse();
        var profiles = whole["profiles"]!.AsArray();
        var count = whole["projects"]!.GetValue<int>();
        count.ShouldBeGreaterThan(15);
        profiles.Count.ShouldBe(count);

        var read = new List<string>();
        var pages = (count + 6) / 7;
        for (var number = 1; number <= pages; number++)
        {
            var page = await GetJsonAsync($"{At}&page={number}&pageSize=7");
            page["page"]!["number"]!.GetValue<int>().ShouldBe(number);
            page["page"]!["size"]!.GetValue<int>().ShouldBe(7);
            page["page"]!["pages"]!.GetValue<int>().ShouldBe(pages);
            page["page"]!["profiles"]!.GetValue<int>().ShouldBe(count);
            page["profiles"]!.AsArray().Count.ShouldBe(number < pages ? 7 : count - 7 * (pages - 1));
            // The figures are the whole portfolio's on every page.
            foreach (var figure in new[] { "projects", "byStage", "byLegalForm", "byEmergenceContext", "pillarMeans", "meanScore" })
                page[figure]!.ToJsonString().ShouldBe(whole[figure]!.ToJsonString(), figure);
            read.AddRange(page["profiles"]!.AsArray().Select(p => p!.ToJsonString()));
        }
        read.ShouldBe(profiles.Select(p => p!.ToJsonString()).ToList());

        // Past the last page: no profile, and the page says how many there are.
        var past = await GetJsonAsync($"{At}&page={pages + 1}&pageSize=7");
        past["profiles"]!.AsArray().ShouldBeEmpty();
        past["page"]!["pages"]!.GetValue<int>().ShouldBe(pages);
        // A size alone is the first page; « 1 000 » as a person types it is a thousand.
        (await GetJsonAsync($"{At}&pageSize=5"))["profiles"]!.AsArray().Select(p => p!.ToJsonString())
            .ShouldBe(read.Take(5));
        (await GetJsonAsync($"{At}&page=1&pageSize=1%20000"))["page"]!["size"]!.GetValue<int>().ShouldBe(1000);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=deux", "page")]
    [InlineData("page=1,5", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=10001", "pageSize")]
    [InlineData("page=2&pageSize=-3", "pageSize")]
    public async Task a_wrong_page_or_size_is_refused_in_french_naming_the_field(string query, string field)
    {
        await RegisterAsync();
        var response = await Client.GetAsync($"{At}&{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await ProblemAsync(response);
        var errors = problem["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe([field]);
        errors[field]!.AsArray()[0]!.GetValue<string>().ShouldContain("un nombre entier de");
    }
}
