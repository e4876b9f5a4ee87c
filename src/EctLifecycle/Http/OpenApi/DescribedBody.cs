using EctLifecycle.Timelines;
using EctLifecycle.Portfolio;
using EctLifecycle.Privacy;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using Microsoft.OpenApi;

namespace EctLifecycle.Http.OpenApi;

/// <summary>
/// The request bodies, each described by running the very code that reads it on a <see cref="FieldShapes"/>:
/// a registration, one schema per milestone type under a <c>oneOf</c> discriminated by <c>type</c>, an erasure, and the
/// import's multipart form.
/// </summary>
public static class Bodies
{
    public const string MilestoneSchema = "Milestone", RegistrationSchema = "ProjectRegistration", ErasureSchema = "ErasureRequest",
        NewPlanSchema = "NewPlan", CancelPlanSchema = "PlanCancellation", MovePlanSchema = "PlanMove";

    /// <summary>The component name of a milestone type's schema: <c>actorJoined</c> → <c>ActorJoinedMilestone</c>.</summary>
    public static string SchemaOf(string type) => char.ToUpperInvariant(type[0]) + type[1..] + "Milestone";

    public static FieldShapes Registration()
    {
        var shapes = new FieldShapes();
        RegisterProjectEndpoint.Read(new FieldReader(shapes), Guid.Empty, DateOnly.MaxValue, "");
        return shapes;
    }

    public static FieldShapes Milestone(string type, GridCatalog grids)
    {
        var shapes = new FieldShapes();
        var reader = new FieldReader(shapes);
        LogMilestoneEndpoint.ReadHeader(reader, DateOnly.MaxValue);
        MilestoneKinds.Read(type, reader, new MilestoneHeader(Guid.Empty, DateOnly.MaxValue, ""), grids);
        return shapes;
    }

    public static FieldShapes Erasure()
    {
        var shapes = new FieldShapes();
        var reader = new FieldReader(shapes);
        EraseEndpoint.Read(reader);
        reader.RejectUnknown();
        return shapes;
    }

    private static FieldShapes Shapes(Action<FieldReader> read)
    {
        var shapes = new FieldShapes();
        read(new FieldReader(shapes));
        return shapes;
    }

    /// <summary>Adds the bodies' schemas to the document's components.</summary>
    public static void AddComponents(OpenApiDocument document, GridCatalog grids)
    {
        document.AddComponent(RegistrationSchema, BodySchemas.Object(Registration(), "Enregistrement d'un projet",
            "Le projet et l'émergence de son idée ; occurredOn est la date d'émergence. Qui l'enregistre est l'utilisateur connecté."));
        document.AddComponent(ErasureSchema, BodySchemas.Object(Erasure(), "Effacement du nom d'une personne",
            "name : le nom à effacer ; projectId : l'identifiant ou la clé d'un projet, pour n'effacer que là ; reason : pourquoi."));
        document.AddComponent(NewPlanSchema, BodySchemas.Object(Shapes(r => Plans.PlanCommands.ReadNew(r, DateOnly.MinValue)), "Action prévue",
            "projectId : le projet ; title : ce qui est à faire ; due : le jour d'échéance (aujourd'hui ou plus tard) ; inCharge : l'identifiant de la personne en charge (sans lui, l'équipe) ; milestoneType : le type de jalon qui l'accomplit."));
        document.AddComponent(CancelPlanSchema, BodySchemas.Object(Shapes(r => Plans.PlanCommands.ReadCancel(r)), "Annulation d'une action prévue",
            "reason : pourquoi elle est annulée."));
        document.AddComponent(MovePlanSchema, BodySchemas.Object(Shapes(r => Plans.PlanCommands.ReadMove(r, DateOnly.MinValue)), "Déplacement d'une action prévue",
            "due : le nouveau jour d'échéance ; reason : pourquoi (facultatif)."));
        var mapping = new Dictionary<string, OpenApiSchemaReference>();
        foreach (var type in MilestoneKinds.Types)
        {
            var schema = BodySchemas.Object(Milestone(type, grids), FrenchLabels.MilestoneTypes[type],
                $"Jalon « {FrenchLabels.MilestoneTypes[type]} » : sa date (occurredOn), la version lue du projet (expectedVersion, facultative) et ses champs.");
            schema.Properties!["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create(type)] };
            document.AddComponent(SchemaOf(type), schema);
            mapping[type] = new OpenApiSchemaReference(SchemaOf(type), document);
        }
        document.AddComponent(MilestoneSchema, new OpenApiSchema
        {
            Title = "Jalon",
            Description = "Un jalon daté, d'un des types ci-dessous ; son champ type dit lequel.",
            OneOf = mapping.Values.Cast<IOpenApiSchema>().ToList(),
            Discriminator = new OpenApiDiscriminator { PropertyName = "type", Mapping = mapping },
        });
    }

    public static OpenApiRequestBody For(BodyKind kind, OpenApiDocument document) => kind switch
    {
        BodyKind.Import => new OpenApiRequestBody
        {
            Required = true,
            Description = "Le classeur XLSX ou le zip de fichiers CSV, au format de l'export.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "Le fichier (.xlsx ou .zip)." },
                            ["dryRun"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "true : vérifier seulement, sans rien écrire." },
                            ["encoding"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = $"L'encodage des fichiers CSV qui ne sont pas en UTF-8 : {CsvEncodings.Accepted}." },
                        },
                    },
                },
            },
        },
        _ => new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchemaReference(kind switch
                    {
                        BodyKind.Registration => RegistrationSchema,
                        BodyKind.Milestone => MilestoneSchema,
                        BodyKind.NewPlan => NewPlanSchema,
                        BodyKind.CancelPlan => CancelPlanSchema,
                        BodyKind.MovePlan => MovePlanSchema,
                        _ => ErasureSchema,
                    }, document),
                },
            },
        },
    };
}
