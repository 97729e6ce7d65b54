package io.partysocket.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks bom/pom.xml against the reactor: it lists every published module at the project version
 * and manages nothing else, so that importing it pins no third-party version.
 */
class BomTest {

  /** Modules of the reactor that are not published and so stay out of the BOM. */
  private static final Set<String> UNPUBLISHED = Set.of("bom", "examples", "it", "benchmarks");

  private static Path root;
  private static Element rootPom;
  private static Element bom;

  @BeforeAll
  static void readPoms() throws Exception {
    root = Path.of(System.getProperty("partysocket.root", "..")).toAbsolutePath().normalize();
    rootPom = read(root.resolve("pom.xml"));
    bom = read(root.resolve("bom/pom.xml"));
  }

  @Test
  void hasNoParent() {
    assertThat(child(bom, "parent")).isNull();
  }

  @Test
  void versionMatchesReactor() {
    assertThat(text(bom, "version")).isEqualTo(text(rootPom, "version"));
  }

  @Test
  void managesOnlyPartySocket() {
    for (Element dependency : managed()) {
      assertThat(text(dependency, "groupId")).isEqualTo("io.partysocket");
      assertThat(text(dependency, "version")).isEqualTo("${project.version}");
      assertThat(child(dependency, "scope")).isNull();
    }
  }

  @Test
  void listsEveryPublishedModule() throws Exception {
    List<String> listed = new ArrayList<>();
    for (Element dependency : managed()) {
      listed.add(text(dependency, "artifactId"));
    }
    for (Element module : children(child(rootPom, "modules"), "module")) {
      String directory = module.getTextContent().trim();
      if (!UNPUBLISHED.contains(directory)) {
        Element modulePom = read(root.resolve(directory).resolve("pom.xml"));
        assertThat(listed).contains(text(modulePom, "artifactId"));
      }
    }
  }

  @Test
  void declaresNoDependencies() {
    assertThat(child(bom, "dependencies")).isNull();
  }

  @Test
  void hasCentralMetadata() {
    for (String element : List.of("name", "description", "url", "licenses", "developers", "scm")) {
      assertThat(child(bom, element)).as(element).isNotNull();
    }
  }

  private static List<Element> managed() {
    Element management = child(bom, "dependencyManagement");
    assertThat(management).isNotNull();
    return children(child(management, "dependencies"), "dependency");
  }

  private static Element read(Path pom) throws Exception {
    assertThat(pom).exists();
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (var in = Files.newInputStream(pom)) {
      Document document = factory.newDocumentBuilder().parse(in);
      return document.getDocumentElement();
    }
  }

  /** Returns the first child element named {@code name}, or null. */
  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        found.add(element);
      }
    }
    return found;
  }

  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    assertThat(element).as(name).isNotNull();
    return element.getTextContent().trim();
  }
}
