using EctLifecycle.Http;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Http;

/// <summary>What is kept of a typed text, and what is refused, whichever way it came (API, form, spreadsheet).</summary>
public class TypedTextTests
{
    [Theory]
    [InlineData(@"  Les Paniers\u00a0", @"Les Paniers")]
    [InlineData(@"\ufeffLes Paniers\u200b", @"Les Paniers")]
    [InlineData(@"\u2060\u00adLes  Paniers\u202f", @"Les  Paniers")]
    [InlineData(@"Cre\u0301che", @"Cr\u00e9che")]
    [InlineData(@"Agriculteur\u200d\ud83c\udf3e", @"Agriculteur\u200d\ud83c\udf3e")]
    [InlineData(@"\ud83d\ude00", @"\ud83d\ude00")]
    public void a_text_is_stored_trimmed_of_invisible_characters_and_composed(string typed, string stored)
    {
        TypedText.Read(typed.Unescaped(), multiline: false, out var problem).ShouldBe(stored.Unescaped());
        problem.ShouldBeNull();
    }

    [Theory]
    [InlineData(@" ")] [InlineData(@"\u00a0\u202f")] [InlineData(@"\u200b")] [InlineData(@"\ufeff")] [InlineData(@"\u2060")]
    [InlineData(@"\u00ad")] [InlineData(@"\u200b\u00a0\ufeff\u2060\u00ad \u200e")] [InlineData(@"\u3164")] [InlineData(@"\u2800")]
    public void a_text_of_invisible_characters_only_is_empty(string typed)
    {
        TypedText.Read(typed.Unescaped(), multiline: false, out var problem).ShouldBe("");
        problem.ShouldBeNull();
        TypedText.IsBlank(typed.Unescaped()).ShouldBeTrue();
    }

    [Theory]
    [InlineData(@"Les\u0000Paniers", @"U+0000")]
    [InlineData(@"Les Paniers\u0000", @"caractère nul")]
    [InlineData(@"Les\u0007Paniers", @"U+0007")]
    [InlineData(@"Les\u001bPaniers", @"U+001B")]
    [InlineData(@"Les\u007fPaniers", @"U+007F")]
    [InlineData(@"Les\u0085Paniers", @"U+0085")]
    [InlineData(@"Les\ud800Paniers", @"U+D800")]
    [InlineData(@"Les Paniers\udc00", @"U+DC00")]
    [InlineData(@"Les\nPaniers", @"retour à la ligne")]
    [InlineData(@"Les\tPaniers", @"tabulation")]
    [InlineData(@"Les\u2028Paniers", @"retour à la ligne")]
    public void a_short_text_with_a_control_character_or_half_a_character_is_refused_naming_it(string typed, string named)
    {
        TypedText.Read(typed.Unescaped(), multiline: false, out var problem).ShouldBeNull();
        problem.ShouldNotBeNull().ShouldContain(named.Unescaped());
    }

    [Fact]
    public void a_long_text_keeps_its_line_breaks_and_tabs_as_typed_but_not_nul()
    {
        TypedText.Read("Réunion :\r\n\t- lancement\n", multiline: true, out var problem).ShouldBe("Réunion :\r\n\t- lancement");
        problem.ShouldBeNull();
        TypedText.Read("Réunion\u0000", multiline: true, out problem).ShouldBeNull();
        problem.ShouldNotBeNull().ShouldContain("U+0000");
    }
}
