using EctLifecycle.Communes;

namespace EctLifecycle.Tests.Communes;

/// <summary>The official code as shipped (@etalab/decoupage-administratif 6.0.0), read the way staff type communes.</summary>
public class MatchingCommunes
{
    private static readonly CommuneCatalog Catalog = CommuneCatalog.Shipped;
    private static readonly Territory Jura = new(Catalog, new TerritorySettings());

    private static IReadOnlyList<string> Codes(string text) => CommuneMatching.Propose(Catalog, text, "39").Select(m => m.Commune.Code).ToList();

    [Fact]
    public void the_catalog_is_shipped_with_the_build()
    {
        Catalog.Missing.ShouldBeNull();
        Catalog.All.Count.ShouldBeGreaterThan(34_000);
        Catalog.Find("39300")!.Name.ShouldBe("Lons-le-Saunier");
        Catalog.EpciNames["200071116"].ShouldBe("CA ECLA  (Espace Communautaire Lons Agglomération)");
    }

    [Theory]
    [InlineData("Lons-le-Saunier", "nom exact")]
    [InlineData("lons le saunier", "même nom")]
    [InlineData("LONS-LE-SAUNIER", "même nom")]
    [InlineData("  Lons le  Saunier ", "même nom")]
    public void accents_case_hyphens_and_spaces_are_set_aside(string typed, string why)
    {
        var match = CommuneMatching.Propose(Catalog, typed, "39").ShouldHaveSingleItem();
        match.Commune.Code.ShouldBe("39300");
        match.Why.ShouldStartWith(why);
    }

    [Theory]
    [InlineData("Conliège")]
    [InlineData("Conliege")]
    [InlineData("CONLIEGE")]
    public void accents_are_set_aside(string typed) => Codes(typed).ShouldBe(["39164"]);

    [Theory]
    [InlineData("St-Amour")]
    [InlineData("St Amour")]
    [InlineData("Saint Amour")]
    [InlineData("saint-amour")]
    public void st_is_saint(string typed) => Codes(typed).ShouldBe(["39475"]);

    [Theory]
    [InlineData("L'Etoile")]
    [InlineData("l'étoile")]
    [InlineData("L Étoile")]
    public void apostrophes_are_set_aside_and_the_jura_comes_first(string typed) => Codes(typed).ShouldBe(["39217", "80296"]);

    [Fact]
    public void homonyms_are_all_proposed_the_preferred_departements_first_and_said_so()
    {
        var poligny = CommuneMatching.Propose(Catalog, "Poligny", "39");
        poligny.Select(m => m.Commune.Label).ShouldBe(["Poligny (39)", "Poligny (77)", "Poligny (05)", "Poligny (10)"]);
        poligny[0].Why.ShouldContain("4 communes portent ce nom");
        poligny[0].Why.ShouldContain("Territory:Departement");
        // Another preferred département puts its own first.
        CommuneMatching.Propose(Catalog, "Poligny", "77")[0].Commune.Code.ShouldBe("77370");
    }

    [Fact]
    public void a_departement_after_the_name_chooses_among_homonyms()
    {
        Codes("Poligny (77)").ShouldBe(["77370"]);
        Codes("Saint-Aubin (39)").ShouldBe(["39476"]);
        Codes("Saint-Aubin").Count.ShouldBe(10);
    }

    [Theory]
    [InlineData("Lédonval")]
    [InlineData("")]
    [InlineData("Lons")] // Lons is a commune of the Pyrénées-Atlantiques: proposed, never Lons-le-Saunier
    public void a_name_no_commune_has_proposes_nothing_and_a_short_one_no_other_commune(string typed)
    {
        var codes = Codes(typed);
        if (typed == "Lons") codes.ShouldBe(["64348"]);
        else codes.ShouldBeEmpty();
    }

    [Fact]
    public void searching_offers_the_preferred_departement_first()
    {
        var lons = Catalog.Search("lons", "39");
        lons[0].Code.ShouldBe("39300");
        lons.Select(c => c.Code).ShouldContain("64348");
        Catalog.Search("st amour", "39")[0].Code.ShouldBe("39475");
        Catalog.Search("poligny", "39").Where(c => c.Name == "Poligny").Select(c => c.Departement).ShouldBe(["39", "77", "05", "10"]);
    }

    [Fact]
    public void the_agglomeration_is_ecla_s_communes_and_the_classes_are_the_defaults()
    {
        Jura.AgglomerationCommuneCount.ShouldBe(32);
        Jura.Place("39300").ShouldBe("inside");   // Lons-le-Saunier
        Jura.Place("39217").ShouldBe("inside");   // L'Étoile
        Jura.Place("39434").ShouldBe("outside");  // Poligny
        Jura.Place(null).ShouldBe("unplaced");
        Jura.PopulationClassOf("39300").ShouldBe(">=10000");
        Jura.PopulationClassOf("39434").ShouldBe("2000-9999");
        Jura.PopulationClassOf("39164").ShouldBe("<2000");
        Jura.PopulationClassLabel("<2000").ShouldBe("moins de 2 000 habitants");
    }

    [Fact]
    public void wrong_settings_are_refused_in_french()
    {
        var e = Should.Throw<InvalidOperationException>(() => new Territory(Catalog, new TerritorySettings
        {
            Agglomeration = "123",
            PopulationClasses = [new() { Label = "petites", Below = 5000 }, new() { Label = "moyennes", Below = 1000 }, new() { Label = "grandes" }],
        }));
        e.Message.ShouldContain("Territory:Agglomeration « 123 » n'est le code SIREN d'aucun EPCI");
        e.Message.ShouldContain("doit dépasser la borne précédente");
    }
}
