import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AdGen.Studio

// Presentation mode: the current generation's variants (or a review batch's items), one or
// two at a time, big, with their copy and verdict badges, in large type for a meeting room.
// Left/Right (and Page Up/Down, Space) step, 1 / 2 show one or two at a time, G toggles the personalization grid (the same
// product for several shoppers), Esc asks to leave (closeRequested).
//
// `model` and `gridModel` are VariantsModel-like: roles number, title, image, fusionImage,
// state, label (any model with those role names works, e.g. a ListModel in tests).
FocusScope {
    id: root

    property var model: null
    property var gridModel: null
    property bool showFusion: false
    // function(row, number, title) -> {state: "accepted" | "rejected" | "open" | "not-reviewed",
    // criterionTitle}; null: every ad shows "not reviewed".
    property var verdictFor: null
    // Two ads side by side on a wide screen (keys 1 and 2 choose one or two at a time).
    property bool twoUp: true
    readonly property int perPage: twoUp && width > height * 1.2 && count > 1 ? 2 : 1
    readonly property int count: model ? model.count : 0
    // The first ad of the page shown.
    property int currentIndex: 0
    property bool showGrid: false
    // Bumped to re-read verdicts (e.g. when the review store changes).
    property int verdictRevision: 0

    signal closeRequested()

    function next() {
        if (currentIndex + perPage < count)
            currentIndex += perPage
    }
    function previous() {
        currentIndex = Math.max(0, currentIndex - perPage)
    }
    function verdictOf(row, number, title) {
        void root.verdictRevision
        return root.verdictFor ? root.verdictFor(row, number, title) : ({ state: "not-reviewed" })
    }

    focus: true
    Keys.onPressed: (event) => {
        if (event.key === Qt.Key_Right || event.key === Qt.Key_PageDown || event.key === Qt.Key_Space) {
            root.next()
            event.accepted = true
        } else if (event.key === Qt.Key_Left || event.key === Qt.Key_PageUp) {
            root.previous()
            event.accepted = true
        } else if (event.key === Qt.Key_1 || event.key === Qt.Key_2) {
            root.twoUp = event.key === Qt.Key_2
            event.accepted = true
        } else if (event.key === Qt.Key_G) {
            root.showGrid = !root.showGrid
            event.accepted = true
        } else if (event.key === Qt.Key_Escape) {
            root.closeRequested()
            event.accepted = true
        }
    }
    onCountChanged: if (currentIndex >= count) currentIndex = Math.max(0, count - 1)

    readonly property int titleSize: Math.max(18, Math.round(height / 26))

    Rectangle {
        anchors.fill: parent
        color: "#111418"
    }

    // One ad, big: picture, copy, verdict badge.
    component AdSlide: ColumnLayout {
        id: slide
        property int row: -1
        property int number: 0
        property string title
        property var image
        property var fusionImage
        property int adState: -1
        property bool compact: false
        readonly property bool done: adState === VariantsModel.Done
        readonly property var verdict: row >= 0 ? root.verdictOf(row, number, title) : ({ state: "not-reviewed" })
        spacing: 12

        CutoutImage {
            id: picture
            objectName: "presentationImage" + slide.row
            Layout.fillWidth: true
            Layout.fillHeight: true
        }
        Binding {
            target: picture
            property: "image"
            value: root.showFusion && slide.done && typeof slide.fusionImage === "object" ? slide.fusionImage : slide.image
            when: typeof slide.image === "object" && slide.image !== null
        }
        Label {
            objectName: "presentationTitle" + slide.row
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            maximumLineCount: 3
            elide: Text.ElideRight
            color: "white"
            font.pixelSize: slide.compact ? Math.round(root.titleSize * 0.6) : root.titleSize
            font.bold: true
            text: slide.title !== "" ? slide.title : qsTr("(no copy)")
        }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            spacing: 12
            Label {
                color: "#adb5bd"
                font.pixelSize: Math.round(root.titleSize * (slide.compact ? 0.45 : 0.6))
                text: qsTr("#%1").arg(slide.number)
            }
            Rectangle {
                objectName: "presentationBadge" + slide.row
                readonly property string state: slide.verdict.state ?? "not-reviewed"
                radius: height / 2
                implicitWidth: badgeText.implicitWidth + 28
                implicitHeight: badgeText.implicitHeight + 10
                color: state === "accepted" ? "#2b8a3e" : state === "rejected" ? "#c92a2a"
                     : state === "open" ? "#e67700" : "#495057"
                Label {
                    id: badgeText
                    objectName: "presentationBadgeText" + slide.row
                    anchors.centerIn: parent
                    color: "white"
                    font.pixelSize: Math.round(root.titleSize * (slide.compact ? 0.45 : 0.6))
                    font.bold: true
                    text: {
                        const v = slide.verdict
                        if (v.state === "accepted") return qsTr("\u2713 Accepted")
                        if (v.state === "rejected")
                            return v.criterionTitle ? qsTr("\u2717 Rejected: %1").arg(v.criterionTitle) : qsTr("\u2717 Rejected")
                        if (v.state === "open") return qsTr("Review open")
                        return qsTr("Not reviewed")
                    }
                }
            }
        }
    }

    // The variants, a page at a time: the ads of the page share the width.
    RowLayout {
        id: pages
        objectName: "presentationPages"
        anchors.fill: parent
        anchors.margins: Math.round(root.height / 30)
        anchors.bottomMargin: Math.round(root.height / 30) + footerLabel.height
        visible: !root.showGrid
        spacing: 32
        Repeater {
            model: root.model
            delegate: Item {
                id: page
                required property int index
                required property int number
                required property string title
                required property var image
                required property var fusionImage
                required property int state
                visible: index >= root.currentIndex && index < root.currentIndex + root.perPage
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1
                AdSlide {
                    anchors.fill: parent
                    row: page.index
                    number: page.number
                    title: page.title
                    image: page.image
                    fusionImage: page.fusionImage
                    adState: page.state
                }
            }
        }
    }

    // The personalization grid: the same product and seed, one ad per shopper.
    GridView {
        id: grid
        objectName: "presentationGrid"
        anchors.fill: parent
        anchors.margins: Math.round(root.height / 30)
        anchors.bottomMargin: Math.round(root.height / 30) + footerLabel.height
        visible: root.showGrid
        interactive: false
        model: root.gridModel
        readonly property int columns: count <= 3 ? Math.max(count, 1) : 4
        cellWidth: Math.floor(width / columns)
        cellHeight: Math.floor(height / Math.max(1, Math.ceil(count / columns)))
        delegate: Item {
            id: cell
            required property int index
            required property int number
            required property string title
            required property var image
            required property var fusionImage
            required property int state
            required property string label
            width: grid.cellWidth
            height: grid.cellHeight
            ColumnLayout {
                anchors.fill: parent
                anchors.margins: 10
                Label {
                    objectName: "presentationGridShopper" + cell.index
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    color: "#74c0fc"
                    font.pixelSize: Math.round(root.titleSize * 0.6)
                    font.bold: true
                    elide: Text.ElideRight
                    text: cell.label
                }
                AdSlide {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    compact: true
                    row: -1
                    number: cell.number
                    title: cell.title
                    image: cell.image
                    fusionImage: cell.fusionImage
                    adState: cell.state
                }
            }
        }
        Label {
            anchors.centerIn: parent
            visible: grid.count === 0
            color: "#adb5bd"
            font.pixelSize: root.titleSize
            text: qsTr("No personalization grid yet")
        }
    }

    Label {
        anchors.centerIn: parent
        visible: !root.showGrid && root.count === 0
        color: "#adb5bd"
        font.pixelSize: root.titleSize
        text: qsTr("Nothing to present yet: generate some variants first")
    }

    Label {
        id: footerLabel
        objectName: "presentationFooter"
        anchors.bottom: parent.bottom
        anchors.horizontalCenter: parent.horizontalCenter
        bottomPadding: 10
        color: "#868e96"
        font.pixelSize: Math.max(12, Math.round(root.titleSize * 0.45))
        readonly property int last: Math.min(root.count, root.currentIndex + root.perPage)
        readonly property string position: last > root.currentIndex + 1
                                            ? qsTr("%1–%2 of %3").arg(root.currentIndex + 1).arg(last).arg(root.count)
                                            : qsTr("%1 of %2").arg(Math.min(root.count, root.currentIndex + 1)).arg(root.count)
        text: root.showGrid
              ? qsTr("Personalization grid · G: variants · Esc: leave")
              : qsTr("%1 · \u2190 \u2192 step · 1/2: one or two at a time · G: personalization grid · Esc: leave").arg(position)
    }
}
