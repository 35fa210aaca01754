import QtQuick
import QtTest
import AdGen.Studio

// PresentationView: arrow keys step through the ads a page at a time, G toggles the
// personalization grid, Esc asks to leave; verdict badges come from verdictFor.
Item {
    id: root
    width: 1200
    height: 700

    ListModel {
        id: variants
        ListElement { number: 1; title: "First ad"; image: ""; fusionImage: ""; state: 0; label: "" }
        ListElement { number: 2; title: "Second ad"; image: ""; fusionImage: ""; state: 0; label: "" }
        ListElement { number: 3; title: "Third ad"; image: ""; fusionImage: ""; state: 0; label: "" }
    }
    ListModel {
        id: cells
        ListElement { number: 1; title: "For Ana"; image: ""; fusionImage: ""; state: 0; label: "Ana" }
        ListElement { number: 2; title: "For Bo"; image: ""; fusionImage: ""; state: 0; label: "Bo" }
    }

    TestCase {
        name: "PresentationView"
        when: windowShown

        Component {
            id: viewComponent
            PresentationView {
                anchors.fill: parent
                model: variants
                gridModel: cells
            }
        }
        SignalSpy { id: closeSpy; signalName: "closeRequested" }

        function find(item, name) { return findChild(item, name) }

        function test_arrowKeysStepOneAtATime() {
            root.width = 700  // narrow: one ad per page
            const view = createTemporaryObject(viewComponent, root)
            view.forceActiveFocus()
            compare(view.perPage, 1)
            compare(view.currentIndex, 0)
            keyClick(Qt.Key_Right)
            compare(view.currentIndex, 1)
            keyClick(Qt.Key_Right)
            compare(view.currentIndex, 2)
            keyClick(Qt.Key_Right)  // the last one stays
            compare(view.currentIndex, 2)
            keyClick(Qt.Key_Left)
            compare(view.currentIndex, 1)
            keyClick(Qt.Key_Left)
            keyClick(Qt.Key_Left)
            compare(view.currentIndex, 0)
            root.width = 1200
        }

        function test_wideScreenShowsTwo() {
            const view = createTemporaryObject(viewComponent, root)
            view.forceActiveFocus()
            compare(view.perPage, 2)
            keyClick(Qt.Key_Right)
            compare(view.currentIndex, 2)
            keyClick(Qt.Key_Right)
            compare(view.currentIndex, 2)
            keyClick(Qt.Key_Left)
            compare(view.currentIndex, 0)
            tryCompare(find(view, "presentationFooter"), "text", "1–2 of 3 · \u2190 \u2192 step · 1/2: one or two at a time · G: personalization grid · Esc: leave")
            // 1: one at a time, stepping by one; 2: two again.
            keyClick(Qt.Key_1)
            compare(view.perPage, 1)
            keyClick(Qt.Key_Right)
            compare(view.currentIndex, 1)
            keyClick(Qt.Key_2)
            compare(view.perPage, 2)
        }

        function test_gTogglesTheGrid() {
            const view = createTemporaryObject(viewComponent, root)
            view.forceActiveFocus()
            verify(find(view, "presentationPages").visible)
            verify(!find(view, "presentationGrid").visible)
            keyClick(Qt.Key_G)
            verify(view.showGrid)
            verify(find(view, "presentationGrid").visible)
            verify(!find(view, "presentationPages").visible)
            tryVerify(() => find(view, "presentationGridShopper1") !== null)
            compare(find(view, "presentationGridShopper1").text, "Bo")
            keyClick(Qt.Key_G)
            verify(!view.showGrid)
            verify(find(view, "presentationPages").visible)
        }

        function test_escapeAsksToLeave() {
            const view = createTemporaryObject(viewComponent, root)
            view.forceActiveFocus()
            closeSpy.target = view
            closeSpy.clear()
            keyClick(Qt.Key_Escape)
            compare(closeSpy.count, 1)
        }

        function test_verdictBadges() {
            const view = createTemporaryObject(viewComponent, root)
            view.verdictFor = (row, number, title) => row === 0 ? { state: "accepted" }
                                                   : row === 1 ? { state: "rejected", criterionTitle: "Factuality" }
                                                               : { state: "not-reviewed" }
            tryVerify(() => find(view, "presentationBadge1") !== null)
            compare(find(view, "presentationBadge0").state, "accepted")
            compare(find(view, "presentationBadge1").state, "rejected")
            compare(find(view, "presentationTitle1").text, "Second ad")
            const badge = find(view, "presentationBadge1")
            compare(badge.children[0].text, "\u2717 Rejected: Factuality")
        }
    }
}
