// Report whether an ontology file is in the OWL 2 DL profile, using the OWL API
// that ships inside owlready2's HermiT.jar. Run in source-file mode:
//   java -cp .../owlready2/hermit/HermiT.jar tests/java/Owl2DlProfile.java FILE
// Prints the axiom count and one line per profile violation; exit 1 if any.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class Owl2DlProfile {
  public static void main(String[] args) throws Exception {
    OWLOntology ontology =
        OWLManager.createOWLOntologyManager().loadOntologyFromOntologyDocument(new File(args[0]));
    OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
    System.out.println("axioms " + ontology.getAxiomCount());
    for (OWLProfileViolation violation : report.getViolations()) {
      System.out.println("violation " + violation);
    }
    System.exit(report.isInProfile() ? 0 : 1);
  }
}
