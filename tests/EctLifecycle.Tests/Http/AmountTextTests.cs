using System.Globalization;
using EctLifecycle.Http;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Http;

/// <summary>
/// The one reading of amounts people type: every way a French user writes one is read as it looks, and whatever a
/// reader could take two ways is refused with a message showing how to write it.
/// </summary>
public class AmountTextTests
{
    [Theory]
    [InlineData(@"15 000,50", "15000.5")]
    [InlineData(@"15\u00a0000,50", "15000.5")]
    [InlineData(@"15\u202f000,50", "15000.5")]
    [InlineData(@"15000,5", "15000.5")]
    [InlineData(@"15000.50", "15000.5")]
    [InlineData(@"15000,05", "15000.05")]
    [InlineData(@"15 000 €", "15000")]
    [InlineData(@"15000€", "15000")]
    [InlineData(@"€ 15 000", "15000")]
    [InlineData(@"15000 EUR", "15000")]
    [InlineData(@"15 000 euros", "15000")]
    [InlineData(@"15 000,00", "15000")]
    [InlineData(@"1 500 050", "1500050")]
    [InlineData(@"100 000 000", "100000000")]
    [InlineData(@"0,5", "0.5")]
    [InlineData(@"0", "0")]
    [InlineData(@"12", "12")]
    [InlineData(@"1234567", "1234567")]
    [InlineData(@"  15000\u00a0", "15000")]
    [InlineData(@"\ufeff15000\u200b", "15000")]
    public void an_amount_written_as_the_french_write_it_reads_as_it_looks(string typed, string meant)
    {
        AmountText.TryParse(typed.Unescaped(), out var value, out var problem).ShouldBeTrue(problem);
        value.ShouldBe(decimal.Parse(meant, CultureInfo.InvariantCulture));
        value.ToString(CultureInfo.InvariantCulture).ShouldBe(meant, "stored without trailing zeros");
    }

    [Theory]
    [InlineData(@"15.000", "« 15.000 » est ambigu (15 000 ou 15 ?) : écrivez 15000 ou 15 000,00 pour des milliers, 15,00 pour des décimales")]
    [InlineData(@"1,500", "« 1,500 » est ambigu (1 500 ou 1,5 ?) : écrivez 1500 ou 1 500,00 pour des milliers, 1,50 pour des décimales")]
    [InlineData(@"1 500.000", "« 1 500.000 » est ambigu (1 500 000 ou 1 500 ?)")]
    [InlineData(@"15000,505", "est ambigu")]
    [InlineData(@"1,500,050", "« 1,500,050 » est ambigu : plusieurs points ou virgules ; séparez les milliers par des espaces et les centimes par une virgule, par exemple 1 500 050")]
    [InlineData(@"1.500.000", "par exemple 1 500 000")]
    [InlineData(@"1.500,50", "points et virgules mêlés ; séparez les milliers par des espaces et les centimes par une virgule, par exemple 1 500,50")]
    [InlineData(@"1,500.50", "par exemple 1 500,50")]
    [InlineData(@"-5", "ne peut pas être négatif")]
    [InlineData(@"\u22125", "ne peut pas être négatif")]
    [InlineData(@"- 15 000", "ne peut pas être négatif")]
    [InlineData(@"15000,5055", "au plus deux chiffres après la virgule")]
    [InlineData(@"0,500", "au plus deux chiffres après la virgule")]
    [InlineData(@"1.5.", "par exemple 15 000,50")]
    [InlineData(@"15 00", "est mal écrit : écrivez par exemple 15000, 15 000 ou 15 000,50")]
    [InlineData(@"1 5000", "est mal écrit")]
    [InlineData(@"15  000", "est mal écrit")]
    [InlineData(@"15000,", "est mal écrit")]
    [InlineData(@",50", "est mal écrit")]
    [InlineData(@"15 000 ,50", "est mal écrit")]
    [InlineData(@"douze", "« douze » n'est pas un nombre")]
    [InlineData(@"+5", "n'est pas un nombre")]
    [InlineData(@"1e5", "n'est pas un nombre")]
    [InlineData(@"NaN", "n'est pas un nombre")]
    [InlineData(@"Infinity", "n'est pas un nombre")]
    [InlineData(@"15$", "n'est pas un nombre")]
    [InlineData(@"15'000", "n'est pas un nombre")]
    [InlineData(@"15\u0000000", "n'est pas un nombre")]
    [InlineData(@"", "aucun nombre")]
    [InlineData(@"€", "aucun nombre")]
    [InlineData(@"\u200b", "aucun nombre")]
    [InlineData(@"123456789012345678901234567890", "nombre trop grand")]
    public void an_amount_that_could_be_read_two_ways_or_not_at_all_is_refused_saying_how_to_write_it(string typed, string message)
    {
        AmountText.TryParse(typed.Unescaped(), out _, out var problem).ShouldBeFalse();
        problem.ShouldContain(message);
    }

    [Theory]
    [InlineData("15000", "15 000")]
    [InlineData("15000.5", "15 000,5")]
    [InlineData("100000000", "100 000 000")]
    [InlineData("0.05", "0,05")]
    public void an_amount_is_shown_as_the_french_write_it(string value, string shown) =>
        AmountText.Format(decimal.Parse(value, CultureInfo.InvariantCulture)).ShouldBe(shown);

    [Theory]
    [InlineData("15000", "15 000 €")]
    [InlineData("15000.5", "15 000,50 €")]
    [InlineData("15000.05", "15 000,05 €")]
    [InlineData("0.5", "0,50 €")]
    [InlineData("1500050", "1 500 050 €")]
    public void an_amount_in_euros_is_shown_with_its_cents_never_rounded_to_the_euro(string value, string shown) =>
        AmountText.Euros(decimal.Parse(value, CultureInfo.InvariantCulture)).ShouldBe(shown);
}
