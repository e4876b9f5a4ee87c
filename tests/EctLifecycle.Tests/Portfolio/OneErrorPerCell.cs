using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Portfolio;

/// <summary>
/// A cell the import cannot read is reported once, against its sheet, line and column, in French: not again as a
/// missing field, nor by a rule that reads it.
/// </summary>
public class OneErrorPerCell(AppFixture app) : ApiTest(app)
{
    private const string ProjectsHeader =
        "clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire";
    private const string GoodProject = "P1;Épicerie du Val;alimentation;Valfleuri;Épicerie solidaire;1/3/2016;Besoin d'une structure;Animateur;oui";
    private const string MilestonesHeader = "clé projet;date;type;id financement;type de ressource;financeur;montant (€)";

    private async Task<List<JsonObject>> RefusedRowsAsync(params (string Name, string Content)[] files)
    {
        var content = new ByteArrayContent(CsvZips.Zip(files));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        var response = await Client.PostAsync("/api/imports", new MultipartFormDataContent { { content, "file", "portefeuille.zip" } });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        return JsonNode.Parse(body)!["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();
    }

    private static List<string> At(List<JsonObject> rows, string sheet, int row) =>
        rows.Where(r => r["sheet"]!.GetValue<string>() == sheet && r["row"]!.GetValue<int>() == row)
            .Select(r => $"{r["column"]} : {r["message"]}").ToList();

    private static void OnlyOne(List<JsonObject> rows, string sheet, int row, string column, string says)
    {
        var at = At(rows, sheet, row);
        at.Count.ShouldBe(1, $"{sheet} ligne {row} : {string.Join(" | ", at)}");
        at[0].ShouldStartWith($"{column} : ");
        at[0].ShouldContain(says);
    }

    [Fact]
    public async Task a_project_row_with_one_bad_cell_gets_one_error_naming_its_column()
    {
        var rows = await RefusedRowsAsync(("projects.csv", string.Join('\n', ProjectsHeader,
            GoodProject,
            "P2;Jardins;alimentation;Valfleuri;Jardins partagés;31/02/2016;Besoin d'une structure;Animateur;oui",
            "P3;Jardins;alimentation;Valfleuri;Jardins partagés;2016-03-01;au hasard;Animateur;oui",
            "P4;;alimentation;Valfleuri;Jardins partagés;2016-03-01;Besoin d'une structure;Animateur;oui",
            "P5;Jardins;alimentation;Valfleuri;Jardins partagés;2016-03-01;Besoin d'une structure;Animateur;peut-être",
            "P6;Jardins;alimentation;Valfleuri;Jardins partagés;;Besoin d'une structure;Animateur;oui")));

        At(rows, "projects", 2).ShouldBeEmpty();
        OnlyOne(rows, "projects", 3, "date d'émergence", "le 31/02/2016 n'existe pas : février 2016 a 29 jours");
        OnlyOne(rows, "projects", 4, "cadre d'émergence", "au hasard");
        OnlyOne(rows, "projects", 5, "nom", "obligatoire");
        OnlyOne(rows, "projects", 6, "inspiré d'un autre territoire", "oui ou non");
        OnlyOne(rows, "projects", 7, "date d'émergence", "obligatoire");
        rows.Count.ShouldBe(5);
    }

    [Fact]
    public async Task a_milestone_row_with_one_bad_cell_gets_one_error_naming_its_column()
    {
        var rows = await RefusedRowsAsync(("projects.csv", string.Join('\n', ProjectsHeader, GoodProject)),
            ("milestones.csv", string.Join('\n', MilestonesHeader,
                "P1;2017-03-01;fundingSecured;F1;Ventes;Clients;15 000,50",
                "P1;2017-03-02;fundingSecured;F2;Ventes;Clients;15 000,5O",
                "P1;2017-02-30;fundingSecured;F3;Ventes;Clients;15 000",
                "P1;2017-03-04;fundingSecured;F4;Cadeaux;Clients;15 000",
                "P1;2017-03-05;fundingSecured;F5;Ventes;;15 000",
                "P1;2017-03-06;rêve;F6;Ventes;Clients;15 000",
                "P1;demain;fundingSecured;F7;Ventes;Clients;15 000")));

        At(rows, "milestones", 2).ShouldBeEmpty("« 15 000,50 » is an amount");
        OnlyOne(rows, "milestones", 3, "montant (€)", "15 000,5O");
        OnlyOne(rows, "milestones", 4, "date", "le 30/02/2017 n'existe pas : février 2017 a 28 jours");
        OnlyOne(rows, "milestones", 5, "type de ressource", "Cadeaux");
        OnlyOne(rows, "milestones", 6, "financeur", "obligatoire");
        OnlyOne(rows, "milestones", 7, "type", "rêve");
        OnlyOne(rows, "milestones", 8, "date", "date invalide");
        rows.Count.ShouldBe(6);
    }

    [Fact]
    public async Task an_unknown_choice_in_a_milestone_gets_one_error_and_none_from_the_rules_that_read_it()
    {
        var rows = await RefusedRowsAsync(("projects.csv", string.Join('\n', ProjectsHeader, GoodProject)),
            ("milestones.csv", string.Join('\n',
                "clé projet;date;type;acteur;type d'acteur;local;rôle;forme juridique;ESS;raisons;texte",
                "P1;2017-01-01;actorJoined;Les Semeurs;club;non;porteur;;;;",
                "P1;2017-01-02;actorJoined;Les Glaneurs;Association;peut-être;porteur;;;;",
                "P1;2017-01-03;actorJoined;Les Voisins;Association;non;chef;;;;",
                "P1;2017-01-04;legalFormAdopted;;;;;coopérative lunaire;oui;;",
                "P1;2017-01-05;projectStopped;;;;;;;\"lassitude; ennui\";")));

        OnlyOne(rows, "milestones", 2, "type d'acteur", "club");
        OnlyOne(rows, "milestones", 3, "local", "oui ou non");
        OnlyOne(rows, "milestones", 4, "rôle", "chef");
        OnlyOne(rows, "milestones", 5, "forme juridique", "coopérative lunaire");
        OnlyOne(rows, "milestones", 6, "raisons", "lassitude");
        At(rows, "milestones", 6)[0].ShouldContain("ennui", Case.Sensitive, "both items of the list, in one error");
        rows.Count.ShouldBe(5);
    }

    [Fact]
    public async Task an_assessment_row_with_an_unreadable_date_or_points_gets_one_error()
    {
        var rows = await RefusedRowsAsync(("projects.csv", string.Join('\n', ProjectsHeader, GoodProject)),
            ("assessments.csv", string.Join('\n', "projectKey;occurredOn;gridVersion;criterionId;points;rationale",
                "P1;2018-13-01;v1;cooperation-alive;2;réunions",
                "P1;2018-01-01;v1;social-cohesion;trois;",
                "P1;2018-01-01;v1;inconnu;2;")));

        OnlyOne(rows, "assessments", 2, "date", "« 2018-13-01 » n'est pas une date : il n'y a pas de mois 13 (de 1 à 12)");
        At(rows, "assessments", 3).Count.ShouldBe(1, string.Join(" | ", At(rows, "assessments", 3)));
        At(rows, "assessments", 4).Count.ShouldBe(1, string.Join(" | ", At(rows, "assessments", 4)));
    }
}
