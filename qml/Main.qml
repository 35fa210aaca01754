import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import AdGen.Studio

// The studio window: the product on the left, the brief's text on the right.
ApplicationWindow {
    id: window

    required property BriefController brief
    // The model generation uses; loads in the background (progress in the status bar).
    required property ModelController modelController
    // Shown in the status bar: the numeric runtime the engine runs on.
    property string runtimeSummary

    // Runs `action` now if nothing would be lost, otherwise after the user saved or discarded.
    property var pendingAction: null
    function whenSafeToDiscard(action) {
        if (!window.brief.modified) {
            action()
            return
        }
        pendingAction = action
        unsavedDialog.open()
    }
    function saveThen(action) {
        if (window.brief.save()) {
            action()
        } else if (window.brief.filePath === "") {
            pendingAction = action
            saveDialog.open()
        }
    }
    function openFiles(urls) {
        const url = urls[0].toString()
        if (url.endsWith(".adgen.json"))
            whenSafeToDiscard(() => window.brief.open(url))
        else
            window.brief.loadProduct(url)
    }

    width: 1280
    height: 800
    minimumWidth: 900
    minimumHeight: 560
    visible: true
    title: (window.brief.modified ? "\u25cf " : "") + window.brief.displayName + " \u2014 AdGen Studio"

    // Set once the user chose to discard or saved, so the second close goes through.
    property bool closeConfirmed: false
    onClosing: (close) => {
        if (window.brief.modified && !closeConfirmed) {
            close.accepted = false
            whenSafeToDiscard(() => {
                window.closeConfirmed = true
                window.close()
            })
        }
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            spacing: 2
            ToolButton {
                objectName: "newBriefButton"
                text: qsTr("New")
                onClicked: window.whenSafeToDiscard(() => window.brief.newBrief())
            }
            ToolButton {
                objectName: "openBriefButton"
                text: qsTr("Open…")
                onClicked: window.whenSafeToDiscard(() => openDialog.open())
            }
            ToolButton {
                objectName: "saveBriefButton"
                text: qsTr("Save")
                onClicked: window.saveThen(() => {})
            }
            ToolButton {
                objectName: "saveBriefAsButton"
                text: qsTr("Save as…")
                onClicked: saveDialog.open()
            }
            ToolSeparator {}
            ToolButton {
                objectName: "loadProductToolButton"
                text: qsTr("Load product…")
                onClicked: productDialog.open()
            }
            Item { Layout.fillWidth: true }
            Label {
                text: window.brief.displayName + (window.brief.modified ? qsTr(" (modified)") : "")
                color: "#495057"
                rightPadding: 12
            }
        }
    }

    footer: ToolBar {
        RowLayout {
            anchors.fill: parent
            Label {
                objectName: "statusLabel"
                Layout.fillWidth: true
                leftPadding: 8
                text: window.brief.status
                elide: Text.ElideRight
            }
            ProgressBar {
                objectName: "modelLoadProgress"
                visible: window.modelController.loading
                value: window.modelController.progress
                Layout.preferredWidth: 120
            }
            Label {
                objectName: "modelLabel"
                rightPadding: 4
                text: window.modelController.loading
                      ? qsTr("Loading model %1…").arg(window.modelController.loadingDirectory)
                      : window.modelController.summary
                elide: Text.ElideMiddle
                Layout.maximumWidth: 520
            }
            ToolButton {
                objectName: "cancelModelLoadButton"
                visible: window.modelController.loading
                text: qsTr("Cancel")
                onClicked: window.modelController.cancelLoad()
            }
            ToolSeparator {}
            Label {
                objectName: "runtimeLabel"
                rightPadding: 8
                text: window.runtimeSummary
                color: "#495057"
            }
        }
    }

    // Files dropped anywhere outside the product view (which has its own drop target and
    // highlight) are handled the same way: briefs open, images become the product.
    DropArea {
        anchors.fill: parent
        onEntered: (drag) => drag.accept(Qt.CopyAction)
        onDropped: (drop) => {
            if (drop.hasUrls)
                window.openFiles(drop.urls)
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ErrorBanner {
            objectName: "modelError"
            Layout.fillWidth: true
            Layout.margins: visible ? 8 : 0
            problem: window.modelController.error
            fix: window.modelController.errorFix
            onDismissed: window.modelController.clearError()
        }

        ErrorBanner {
            objectName: "briefError"
            Layout.fillWidth: true
            Layout.margins: visible ? 8 : 0
            problem: window.brief.error
            fix: window.brief.errorFix
            onDismissed: window.brief.clearError()
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            orientation: Qt.Horizontal

            ProductView {
                objectName: "productView"
                SplitView.fillWidth: true
                SplitView.minimumWidth: 420
                product: window.brief.product
                onLoadRequested: productDialog.open()
                onFilesDropped: (urls) => window.openFiles(urls)
            }
            BriefEditor {
                objectName: "briefEditor"
                SplitView.preferredWidth: 460
                SplitView.minimumWidth: 340
                brief: window.brief
            }
        }
    }

    Shortcut { sequences: [StandardKey.New]; onActivated: window.whenSafeToDiscard(() => window.brief.newBrief()) }
    Shortcut { sequences: [StandardKey.Open]; onActivated: window.whenSafeToDiscard(() => openDialog.open()) }
    Shortcut { sequences: [StandardKey.Save]; onActivated: window.saveThen(() => {}) }
    Shortcut { sequences: [StandardKey.SaveAs]; onActivated: saveDialog.open() }
    Shortcut { sequence: "Ctrl+I"; onActivated: productDialog.open() }

    FileDialog {
        id: openDialog
        objectName: "openDialog"
        currentFolder: window.brief.workingFolder
        title: qsTr("Open brief")
        nameFilters: [qsTr("AdGen briefs (*.adgen.json)"), qsTr("All files (*)")]
        onAccepted: window.brief.open(selectedFile)
    }
    FileDialog {
        id: saveDialog
        objectName: "saveDialog"
        currentFolder: window.brief.workingFolder
        title: qsTr("Save brief")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("AdGen briefs (*.adgen.json)")]
        onAccepted: {
            if (window.brief.saveAs(selectedFile) && window.pendingAction) {
                const action = window.pendingAction
                window.pendingAction = null
                action()
            }
        }
        onRejected: window.pendingAction = null
    }
    FileDialog {
        id: productDialog
        objectName: "productDialog"
        currentFolder: window.brief.workingFolder
        title: qsTr("Load product cut-out")
        nameFilters: [qsTr("Images with transparency (*.png *.webp *.tif *.tiff)"), qsTr("All files (*)")]
        onAccepted: window.brief.loadProduct(selectedFile)
    }
    MessageDialog {
        id: unsavedDialog
        objectName: "unsavedDialog"
        title: qsTr("Unsaved changes")
        text: qsTr("%1 has unsaved changes.").arg(window.brief.displayName)
        informativeText: qsTr("Save them before continuing?")
        buttons: MessageDialog.Save | MessageDialog.Discard | MessageDialog.Cancel
        onButtonClicked: (button, role) => {
            const action = window.pendingAction
            window.pendingAction = null
            if (button === MessageDialog.Save)
                window.saveThen(action)
            else if (button === MessageDialog.Discard)
                action()
        }
    }
}
