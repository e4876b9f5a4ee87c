using System.Globalization;
using System.Net;
using System.Text;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Projects;

/// <summary>
/// A funding's amount through the API: a JSON number, or a text written as people write it (what the web form sends),
/// read by the one amount parser; stored as it reads, or refused naming the field with nothing appended.
/// </summary>
public class LoggingAmounts(AppFixture app) : ApiTest(app)
{
    private async Task<HttpResponseMessage> FundingAsync(Guid id, string amountJson) =>
        await Client.PostAsync($"/api/projects/{id}/milestones", new StringContent($$"""
            {"type":"fundingSecured","occurredOn":"2019-01-01","fundingId":"F1","sourceKind":"publicSubsidy","funder":"Région","amountEuros":{{amountJson}}}
            """, Encoding.UTF8, "application/json"));

    [Theory]
    [InlineData("15000", "15000")]
    [InlineData("15000.5", "15000.5")]
    [InlineData("15000.00", "15000")]
    [InlineData("1.5e4", "15000")]
    [InlineData("\"15 000,50\"", "15000.5")]
    [InlineData("\"15\\u202f000,50 €\"", "15000.5")]
    [InlineData("\"1,5\"", "1.5")]
    [InlineData("100000000", "100000000")]
    [InlineData("0", "0")]
    public async Task an_amount_sent_as_a_number_or_as_typed_text_is_stored_as_it_reads(string amountJson, string stored)
    {
        var id = await RegisterAsync();
        var response = await FundingAsync(id, amountJson);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var amount = (await HistoryAsync(id))[1]!["data"]!["amountEuros"]!;
        amount.ToJsonString().ShouldBe(stored, "stored without trailing zeros");
        amount.GetValue<decimal>().ShouldBe(decimal.Parse(stored, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("-5", "ne peut pas être négatif")]
    [InlineData("100000000.01", "au plus 100 000 000 € : vérifiez le montant (un zéro de trop ?)")]
    [InlineData("1e12", "au plus 100 000 000 €")]
    [InlineData("15000.505", "au plus deux chiffres après la virgule (les centimes)")]
    [InlineData("\"15.000\"", "« 15.000 » est ambigu (15 000 ou 15 ?) : écrivez 15000 ou 15 000,00 pour des milliers, 15,00 pour des décimales")]
    [InlineData("\"1,500,050\"", "par exemple 1 500 050")]
    [InlineData("\"-15 000\"", "ne peut pas être négatif")]
    [InlineData("\"NaN\"", "n'est pas un nombre")]
    [InlineData("\"Infinity\"", "n'est pas un nombre")]
    [InlineData("true", "doit être un nombre")]
    [InlineData("1e400", "doit être un nombre")]
    public async Task an_amount_that_is_negative_too_large_ambiguous_or_not_a_number_is_a_400_and_appends_nothing(string amountJson, string message)
    {
        var id = await RegisterAsync();
        var response = await FundingAsync(id, amountJson);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response))["errors"]!["amountEuros"]![0]!.GetValue<string>().ShouldContain(message);
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }
}
