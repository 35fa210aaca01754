import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import AdGen.Studio

// The reviewer's lane (issue 7): review batches on the left, the current ad large in the middle
// (picture with the pre-checks' regions, copy with their words highlighted, selling points), the
// six reject criteria and the pre-check flags on the right. Made for the keyboard (F1 lists the
// keys and the criteria's definitions): every verdict is committed to the database when made.
FocusScope {
    id: root

    required property ReviewController controller
    // Esc: back to the studio.
    signal backRequested()

    // The criterion the note field and R / U act on: the last one toggled or clicked.
    property string activeCriterion: "size-mismatch"
    readonly property var criteria: root.controller.criteria()
    readonly property var current: root.controller.current
    readonly property bool typing: reviewerField.activeFocus || noteField.activeFocus
    // The review keys act while the page itself has the keyboard: not while a field is typed in,
    // nor while a popup over the window (help, statistics, presentation) has it.
    readonly property bool keysEnabled: root.visible && keyTarget.activeFocus && !helpOverlay.opened

    function criterionTitle(id) {
        for (const c of root.criteria)
            if (c.id === id) return c.title
        return id
    }
    function decisionOf(id) {
        const d = root.current.decisions
        return d && d[id] ? d[id] : ""
    }
    function noteOf(id) {
        const n = root.current.notes
        return n && n[id] ? n[id] : ""
    }
    function decisionColor(decision) {
        return decision === "pass" ? "#2b8a3e" : decision === "reject" ? "#c92a2a"
             : decision === "unsure" ? "#e67700" : "#868e96"
    }
    function toggleIndex(i) {
        root.activeCriterion = root.criteria[i].id
        root.controller.toggleAt(i)
    }
    // R: the active criterion rejected now (committed), the note field focused for the reason.
    function rejectActive() {
        root.controller.setDecision(root.activeCriterion, "reject")
        noteField.forceActiveFocus()
    }
    function focusPage() { keyTarget.forceActiveFocus() }
    // The rows ticked for a bulk decision; emptied when another batch opens.
    property var selection: []
    function setSelected(row, on) {
        const rows = root.selection.filter(r => r !== row)
        if (on) rows.push(row)
        rows.sort((a, b) => a - b)
        root.selection = rows
    }
    Connections {
        target: root.controller
        function onBatchIdChanged() { root.selection = [] }
    }

    onVisibleChanged: if (visible) focusPage()

    Item { id: keyTarget; focus: true }

    Shortcut { sequences: ["J", "Down"]; enabled: root.keysEnabled; onActivated: root.controller.next() }
    Shortcut { sequences: ["K", "Up"]; enabled: root.keysEnabled; onActivated: root.controller.previous() }
    Shortcut { sequence: "1"; enabled: root.keysEnabled; onActivated: root.toggleIndex(0) }
    Shortcut { sequence: "2"; enabled: root.keysEnabled; onActivated: root.toggleIndex(1) }
    Shortcut { sequence: "3"; enabled: root.keysEnabled; onActivated: root.toggleIndex(2) }
    Shortcut { sequence: "4"; enabled: root.keysEnabled; onActivated: root.toggleIndex(3) }
    Shortcut { sequence: "5"; enabled: root.keysEnabled; onActivated: root.toggleIndex(4) }
    Shortcut { sequence: "6"; enabled: root.keysEnabled; onActivated: root.toggleIndex(5) }
    Shortcut { sequence: "A"; enabled: root.keysEnabled; onActivated: root.controller.acceptAll() }
    Shortcut { sequence: "R"; enabled: root.keysEnabled; onActivated: root.rejectActive() }
    Shortcut {
        sequence: "U"
        enabled: root.keysEnabled
        onActivated: root.controller.setDecision(root.activeCriterion, "unsure")
    }
    Shortcut { sequence: "F"; enabled: root.keysEnabled; onActivated: fusionSwitch.toggle() }
    Shortcut {
        sequences: ["F1", "?"]
        enabled: root.visible
        onActivated: helpOverlay.opened ? helpOverlay.close() : helpOverlay.open()
    }
    Shortcut {
        sequence: "Escape"
        enabled: root.visible && (keyTarget.activeFocus || root.typing) && !helpOverlay.opened
        onActivated: {
            if (root.typing)
                root.focusPage()
            else
                root.backRequested()
        }
    }

    ReviewBatchesModel {
        id: batches
        store: root.controller.store
        reviewer: root.controller.reviewer
    }

    FolderDialog {
        id: importDialog
        objectName: "reviewImportDialog"
        title: qsTr("Import a folder of ads")
        onAccepted: root.controller.importFolder(selectedFolder)
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 8
        spacing: 10

        // --- Who reviews, and which batch ---
        ColumnLayout {
            Layout.preferredWidth: 270
            Layout.minimumWidth: 250
            Layout.maximumWidth: 270
            Layout.fillHeight: true
            spacing: 6

            Label { text: qsTr("Reviewer"); font.bold: true }
            TextField {
                id: reviewerField
                objectName: "reviewerField"
                Layout.fillWidth: true
                placeholderText: qsTr("Your name")
                text: root.controller.reviewer
                onTextEdited: root.controller.reviewer = text
                onAccepted: root.focusPage()
            }
            Button {
                objectName: "newBatchButton"
                Layout.fillWidth: true
                text: qsTr("New batch from the last generation")
                onClicked: {
                    root.controller.createBatchFromLatestGeneration()
                    root.focusPage()
                }
            }
            Button {
                objectName: "importFolderButton"
                Layout.fillWidth: true
                text: qsTr("Import folder…")
                onClicked: importDialog.open()
            }
            Label { text: qsTr("Batches"); font.bold: true; topPadding: 6 }
            ListView {
                id: batchList
                objectName: "reviewBatchList"
                Layout.fillWidth: true
                Layout.preferredHeight: 130
                clip: true
                model: batches
                delegate: ItemDelegate {
                    required property int index
                    required property var batchId
                    required property string name
                    required property int itemCount
                    required property int reviewedCount
                    required property var availableRate
                    objectName: "reviewBatch" + index
                    width: ListView.view.width
                    highlighted: batchId === root.controller.batchId
                    text: name + "\n" + qsTr("%1 of %2 reviewed").arg(reviewedCount).arg(itemCount) +
                          (availableRate === undefined ? "" : qsTr(" · %1% available").arg(Math.round(availableRate * 100)))
                    onClicked: {
                        root.controller.batchId = batchId
                        root.focusPage()
                    }
                }
                Label {
                    anchors.centerIn: parent
                    visible: batchList.count === 0
                    width: parent.width
                    wrapMode: Text.Wrap
                    horizontalAlignment: Text.AlignHCenter
                    color: "#868e96"
                    text: qsTr("No batches yet: generate variants, then make a batch of them.")
                }
            }
            Label { text: qsTr("Ads"); font.bold: true }
            ListView {
                id: itemList
                objectName: "reviewItemList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: root.controller.items
                currentIndex: root.controller.currentRow
                delegate: ItemDelegate {
                    id: itemRow
                    required property int index
                    required property int position
                    required property string copy
                    required property string overall
                    required property int judgedCount
                    width: ListView.view.width
                    highlighted: index === root.controller.currentRow
                    contentItem: RowLayout {
                        // Ticked ads form the selection the bulk bar below decides at once.
                        CheckBox {
                            objectName: "reviewSelect" + itemRow.index
                            padding: 0
                            focusPolicy: Qt.NoFocus
                            checked: root.selection.indexOf(itemRow.index) >= 0
                            onToggled: root.setSelected(itemRow.index, checked)
                        }
                        Rectangle {
                            width: 10; height: 10; radius: 5
                            color: itemRow.overall === "accepted" ? "#2b8a3e"
                                 : itemRow.overall === "rejected" ? "#c92a2a" : "#ced4da"
                        }
                        Label {
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                            text: "#" + itemRow.position + "  " + itemRow.copy
                        }
                        Label { text: itemRow.judgedCount + "/6"; color: "#868e96" }
                    }
                    onClicked: {
                        root.controller.currentRow = index
                        root.focusPage()
                    }
                }
            }
            // Bulk apply: one decision on one criterion of every ticked ad, in one transaction.
            ColumnLayout {
                Layout.fillWidth: true
                visible: root.selection.length > 0
                spacing: 2
                RowLayout {
                    Layout.fillWidth: true
                    Label {
                        objectName: "reviewSelectionLabel"
                        Layout.fillWidth: true
                        text: qsTr("%n ad(s) ticked", "", root.selection.length)
                    }
                    ToolButton {
                        text: qsTr("Clear")
                        focusPolicy: Qt.NoFocus
                        onClicked: root.selection = []
                    }
                }
                ComboBox {
                    id: bulkCriterion
                    objectName: "bulkCriterionBox"
                    Layout.fillWidth: true
                    focusPolicy: Qt.NoFocus
                    model: root.criteria.map(c => c.title)
                }
                RowLayout {
                    Layout.fillWidth: true
                    Repeater {
                        model: [["pass", qsTr("Pass")], ["reject", qsTr("Reject")], ["unsure", qsTr("Unsure")]]
                        delegate: Button {
                            required property var modelData
                            objectName: "bulk_" + modelData[0]
                            Layout.fillWidth: true
                            focusPolicy: Qt.NoFocus
                            text: modelData[1]
                            onClicked: root.controller.applyToSelection(root.selection,
                                                                        root.criteria[bulkCriterion.currentIndex].id,
                                                                        modelData[0])
                        }
                    }
                }
            }
        }

        // --- The ad under review ---
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 6

            RowLayout {
                Layout.fillWidth: true
                Label {
                    objectName: "reviewBatchName"
                    Layout.fillWidth: true
                    font.pixelSize: 18
                    font.bold: true
                    elide: Text.ElideRight
                    text: root.controller.batchId >= 0 ? root.controller.batchName : qsTr("No batch open")
                }
                Label {
                    objectName: "reviewProgressLabel"
                    text: qsTr("Ad %1 of %2 · %3 of %2 judged").arg(root.controller.currentRow + 1)
                          .arg(root.controller.itemCount).arg(root.controller.judgedCount) +
                          (root.controller.availableRate < 0 ? ""
                           : qsTr(" · available rate %1%").arg(Math.round(root.controller.availableRate * 100)))
                }
                Switch {
                    id: fusionSwitch
                    objectName: "reviewFusionSwitch"
                    text: qsTr("Product fusion")
                    checked: true
                    focusPolicy: Qt.NoFocus
                }
                ToolButton {
                    objectName: "exportReviewedButton"
                    text: qsTr("Export PNG…")
                    enabled: root.controller.currentItemId >= 0 && root.controller.reviewer !== ""
                    focusPolicy: Qt.NoFocus
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("This ad as PNG with its recipe and your verdicts in its metadata")
                    onClicked: reviewedPngDialog.open()
                }
                ToolButton {
                    objectName: "reviewHelpButton"
                    text: qsTr("Keys (F1)")
                    focusPolicy: Qt.NoFocus
                    onClicked: helpOverlay.open()
                }
            }
            ProgressBar {
                objectName: "reviewProgressBar"
                Layout.fillWidth: true
                Layout.preferredHeight: 8
                from: 0
                to: Math.max(1, root.controller.itemCount)
                value: root.controller.judgedCount
            }
            ErrorBanner {
                objectName: "reviewError"
                Layout.fillWidth: true
                problem: root.controller.error
                fix: root.controller.errorFix
                onDismissed: root.controller.clearError()
            }

            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                color: "#f1f3f5"
                radius: 4
                Image {
                    id: adImage
                    objectName: "reviewImage"
                    anchors.fill: parent
                    anchors.margins: 6
                    fillMode: Image.PreserveAspectFit
                    asynchronous: true
                    source: root.controller.currentItemId < 0 ? ""
                            : (fusionSwitch.checked ? root.current.thumbnailSource : root.current.rawThumbnailSource)
                    readonly property real scale: sourceSize.width > 0 ? paintedWidth / sourceSize.width : 1
                    readonly property real offsetX: (width - paintedWidth) / 2
                    readonly property real offsetY: (height - paintedHeight) / 2
                    // The image pre-checks' evidence regions, in the picture's pixels.
                    Repeater {
                        model: {
                            const list = []
                            for (const flag of root.controller.prechecks)
                                for (const region of flag.regions)
                                    list.push({region: region, criterion: flag.criterion})
                            return list
                        }
                        delegate: Rectangle {
                            id: regionBox
                            required property var modelData
                            x: adImage.offsetX + regionBox.modelData.region.x * adImage.scale
                            y: adImage.offsetY + regionBox.modelData.region.y * adImage.scale
                            width: regionBox.modelData.region.width * adImage.scale
                            height: regionBox.modelData.region.height * adImage.scale
                            color: "transparent"
                            border.color: "#f03e3e"
                            border.width: 2
                            Label {
                                y: -height
                                text: regionBox.modelData.region.label
                                color: "white"
                                font.pixelSize: 11
                                background: Rectangle { color: "#f03e3e" }
                            }
                        }
                    }
                }
                Label {
                    anchors.centerIn: parent
                    visible: root.controller.currentItemId < 0
                    color: "#868e96"
                    text: qsTr("Pick a batch, or make one from the last generation.")
                }
            }
            Label {
                objectName: "reviewCopy"
                Layout.fillWidth: true
                textFormat: Text.RichText
                wrapMode: Text.Wrap
                font.pixelSize: 20
                text: root.controller.currentCopyHtml
            }
            Label {
                objectName: "reviewSellingPoints"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: "#495057"
                text: root.current.sellingPoints
                      ? qsTr("Selling points: %1").arg(root.current.sellingPoints.join(" · ")) : ""
            }
            Label {
                Layout.fillWidth: true
                color: "#868e96"
                font.pixelSize: 11
                text: root.current.modelName
                      ? root.current.modelName + (root.current.shopperName ? qsTr(" · for %1").arg(root.current.shopperName) : "")
                      : ""
            }
        }

        // --- The checklist and the pre-checks ---
        ColumnLayout {
            Layout.preferredWidth: 380
            Layout.minimumWidth: 360
            Layout.maximumWidth: 380
            Layout.fillHeight: true
            spacing: 4

            Label { text: qsTr("Reject criteria"); font.bold: true }
            Repeater {
                model: root.criteria
                delegate: Frame {
                    id: criterionRow
                    required property var modelData
                    required property int index
                    readonly property string decision: root.decisionOf(criterionRow.modelData.id)
                    objectName: "criterion" + index
                    Layout.fillWidth: true
                    padding: 4
                    background: Rectangle {
                        color: root.activeCriterion === criterionRow.modelData.id ? "#e7f5ff" : "transparent"
                        border.color: "#dee2e6"
                        radius: 3
                    }
                    RowLayout {
                        anchors.fill: parent
                        spacing: 4
                        Label { text: (criterionRow.index + 1) + "."; color: "#868e96" }
                        Label {
                            Layout.fillWidth: true
                            text: criterionRow.modelData.title
                            elide: Text.ElideRight
                            ToolTip.visible: titleArea.containsMouse
                            ToolTip.text: criterionRow.modelData.definition
                            MouseArea { id: titleArea; anchors.fill: parent; hoverEnabled: true
                                        onClicked: root.activeCriterion = criterionRow.modelData.id }
                        }
                        Repeater {
                            model: [["pass", qsTr("Pass")], ["reject", qsTr("Reject")], ["unsure", qsTr("Unsure")]]
                            delegate: Button {
                                id: decisionButton
                                required property var modelData
                                objectName: "criterion" + criterionRow.index + "_" + decisionButton.modelData[0]
                                text: decisionButton.modelData[1]
                                flat: criterionRow.decision !== decisionButton.modelData[0]
                                focusPolicy: Qt.NoFocus
                                palette.button: root.decisionColor(decisionButton.modelData[0])
                                palette.buttonText: criterionRow.decision === decisionButton.modelData[0] ? "white" : "black"
                                implicitWidth: 58
                                onClicked: {
                                    root.activeCriterion = criterionRow.modelData.id
                                    root.controller.setDecision(criterionRow.modelData.id,
                                                                criterionRow.decision === decisionButton.modelData[0]
                                                                ? "" : decisionButton.modelData[0])
                                }
                            }
                        }
                        ToolButton {
                            text: "?"
                            focusPolicy: Qt.NoFocus
                            ToolTip.visible: hovered
                            ToolTip.text: criterionRow.modelData.definition
                            ToolTip.delay: 0
                        }
                    }
                }
            }
            Label {
                text: qsTr("Note on %1 (R: reject with reason, Enter saves)").arg(root.criterionTitle(root.activeCriterion))
                font.pixelSize: 11
                color: "#495057"
            }
            TextField {
                id: noteField
                objectName: "reviewNoteField"
                Layout.fillWidth: true
                placeholderText: qsTr("Why (optional)")
                // Typing replaces a binding, so the note is copied in whenever the ad or the
                // criterion changes (not while the reviewer is typing it).
                function sync() { if (!activeFocus) text = root.noteOf(root.activeCriterion) }
                Component.onCompleted: sync()
                Connections {
                    target: root.controller
                    function onCurrentChanged() { noteField.sync() }
                }
                Connections {
                    target: root
                    function onActiveCriterionChanged() { noteField.sync() }
                }
                onActiveFocusChanged: sync()
                onAccepted: {
                    if (root.decisionOf(root.activeCriterion) === "reject" || root.decisionOf(root.activeCriterion) === "")
                        root.controller.rejectWithReason(root.activeCriterion, text)
                    else
                        root.controller.setNote(root.activeCriterion, text)
                    root.focusPage()
                }
            }

            Label {
                text: root.controller.prechecksReady
                      ? qsTr("Automatic pre-checks: %n flag(s) — evidence, not verdicts", "", root.controller.prechecks.length)
                      : qsTr("Automatic pre-checks: running…")
                font.bold: true
                topPadding: 6
            }
            ListView {
                objectName: "prechecksList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 4
                model: root.controller.prechecks
                delegate: Frame {
                    id: flagCard
                    required property var modelData
                    required property int index
                    objectName: "precheckFlag" + index
                    width: ListView.view.width
                    padding: 6
                    ColumnLayout {
                        width: parent.width
                        spacing: 2
                        RowLayout {
                            Layout.fillWidth: true
                            Label {
                                Layout.fillWidth: true
                                font.bold: true
                                elide: Text.ElideRight
                                text: root.criterionTitle(flagCard.modelData.criterion) + " · " + flagCard.modelData.check
                            }
                            Rectangle {
                                width: 50; height: 6; radius: 3
                                color: "#e9ecef"
                                Rectangle {
                                    width: parent.width * Math.max(0, Math.min(1, flagCard.modelData.strength))
                                    height: parent.height; radius: 3
                                    color: "#f08c00"
                                }
                            }
                        }
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            text: flagCard.modelData.message
                        }
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            visible: flagCard.modelData.spans.length > 0
                            color: "#c92a2a"
                            text: qsTr("Words: %1").arg(flagCard.modelData.spans.map(s => "“" + s.text + "”").join(", "))
                        }
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            visible: flagCard.modelData.regions.length > 0
                            color: "#c92a2a"
                            text: qsTr("Regions: %1").arg(flagCard.modelData.regions.map(r => r.label + " " + r.width + "×" + r.height).join(", "))
                        }
                    }
                }
            }
        }
    }

    // The keys and the criteria's definitions (F1).
    Popup {
        id: helpOverlay
        objectName: "reviewHelpOverlay"
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(760, parent ? parent.width - 40 : 760)
        height: Math.min(640, parent ? parent.height - 40 : 640)
        modal: true
        focus: true
        padding: 16
        onClosed: root.focusPage()
        ScrollView {
            anchors.fill: parent
            clip: true
            ColumnLayout {
                width: helpOverlay.availableWidth
                spacing: 6
                Label { text: qsTr("Review with the keyboard"); font.pixelSize: 18; font.bold: true }
                GridLayout {
                    columns: 2
                    columnSpacing: 16
                    Repeater {
                        model: [
                            ["J / Down", qsTr("next ad")],
                            ["K / Up", qsTr("previous ad")],
                            ["1 – 6", qsTr("toggle a criterion: pass → reject → unsure → not judged")],
                            ["A", qsTr("accept all: every criterion passes")],
                            ["R", qsTr("reject the active criterion and type the reason (Enter saves)")],
                            ["U", qsTr("the active criterion unsure")],
                            ["F", qsTr("product fusion on / off")],
                            ["F1 / ?", qsTr("this help, with the criteria's definitions")],
                            ["Esc", qsTr("leave the note field; back to the studio")],
                            ["Ctrl+R", qsTr("review mode on / off")]
                        ].reduce((all, pair) => all.concat(pair), [])
                        delegate: Label {
                            required property var modelData
                            required property int index
                            text: modelData
                            font.bold: index % 2 === 0
                        }
                    }
                }
                Label { text: qsTr("The reject criteria"); font.pixelSize: 16; font.bold: true; topPadding: 8 }
                Repeater {
                    model: root.criteria
                    delegate: Label {
                        required property var modelData
                        required property int index
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        textFormat: Text.StyledText
                        text: "<b>" + (index + 1) + ". " + modelData.title + "</b> (" +
                              (modelData.image ? qsTr("image") : qsTr("text")) + "): " + modelData.definition
                    }
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: "#495057"
                    text: qsTr("Every verdict is saved the moment it is made. Pre-check flags point at evidence; you decide.")
                }
            }
        }
    }

    // One reviewed ad as PNG: the recipe (when the ad has one) and the reviewer's verdicts ride
    // along in its iTXt chunks.
    ReviewExporter {
        id: reviewExporter
        store: root.controller.store
    }
    FileDialog {
        id: reviewedPngDialog
        objectName: "reviewedPngDialog"
        title: qsTr("Export the reviewed ad")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("PNG images with recipe and review (*.png)")]
        onAccepted: reviewExporter.exportReviewedPng(root.controller.currentItemId, root.controller.reviewer,
                                                     selectedFile, fusionSwitch.checked)
    }
}
