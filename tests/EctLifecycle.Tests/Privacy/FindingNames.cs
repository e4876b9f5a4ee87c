using EctLifecycle.Privacy;

namespace EctLifecycle.Tests.Privacy;

/// <summary>How a person's name is found in texts and replaced: whole words, any case and accents, any spacing.</summary>
public class FindingNames
{
    private static PersonName Name(string text) => PersonName.Read(text, out var problem) ?? throw new InvalidOperationException(problem);

    [Theory]
    [InlineData("Hélène Dupont", "Rencontre avec Hélène Dupont.", "Rencontre avec Personne 0A1B.")]
    [InlineData("Hélène Dupont", "rencontre avec HELENE dupont, puis helène  Dupont", "rencontre avec Personne 0A1B, puis Personne 0A1B")]
    [InlineData("Helene Dupont", "Hélène\u00A0Dupont", "Personne 0A1B")]
    [InlineData("Hélène Dupont", "He\u0301le\u0300ne Dupont", "Personne 0A1B")] // decomposed accents
    [InlineData("Paul", "Paul, Paulette et Jean-Paul ; d'Paul", "Personne 0A1B, Paulette et Jean-Personne 0A1B ; d'Personne 0A1B")]
    [InlineData("Paul", "Paulette, Saint-Pauline, Apaul, Paul2", "Paulette, Saint-Pauline, Apaul, Paul2")]
    [InlineData("Paul Martin", "Paul Martinez et Paul  Martin", "Paul Martinez et Personne 0A1B")]
    [InlineData("Paul Martin", "Paul, Martin", "Paul, Martin")]
    [InlineData("Noé", "Noe, NOÉ et Noël", "Personne 0A1B, Personne 0A1B et Noël")]
    [InlineData("Paul", "Paul", "Personne 0A1B")]
    [InlineData("Hélène Dupont", "vu par DUPONT Hélène, puis Dupont  Helene", "vu par Personne 0A1B, puis Personne 0A1B")] // the order of paperwork
    [InlineData("Jean Paul Martin", "Martin Paul Jean, Paul Jean Martin", "Personne 0A1B, Paul Jean Martin")]
    public void a_name_is_replaced_as_whole_words_whatever_its_case_accents_and_spaces(string name, string text, string expected)
    {
        Name(name).ReplaceIn(text, "Personne 0A1B").ShouldBe(expected);
        Name(name).IsIn(text).ShouldBe(expected != text);
    }

    [Fact]
    public void a_text_without_the_name_is_given_back_as_it_is()
    {
        var text = "Réunion du collectif";
        Name("Dupont").ReplaceIn(text, "Personne 0A1B").ShouldBeSameAs(text);
        Name("Dupont").IsIn(null).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null, "obligatoire")]
    [InlineData("   ", "obligatoire")]
    [InlineData("Al", "au moins 3 lettres")]
    [InlineData(" A. B. ", "au moins 3 lettres")]
    [InlineData("Paul\u0000", "caractère nul")]
    public void a_name_under_three_letters_or_unreadable_is_refused_in_french(string? raw, string problem)
    {
        PersonName.Read(raw, out var why).ShouldBeNull();
        why.ShouldNotBeNull().ShouldContain(problem);
    }

    [Fact]
    public void a_name_is_read_trimmed_and_composed()
    {
        Name("  He\u0301le\u0300ne \u200B").Text.ShouldBe("Hélène");
    }
}
