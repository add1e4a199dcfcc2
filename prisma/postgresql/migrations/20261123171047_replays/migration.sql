-- CreateTable
CREATE TABLE "Replay" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "binId" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "status" INTEGER,
    "headers" TEXT NOT NULL,
    "body" BYTEA NOT NULL,
    "truncated" BOOLEAN NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Replay_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Replay_requestId_id_idx" ON "Replay"("requestId", "id");

-- AddForeignKey
ALTER TABLE "Replay" ADD CONSTRAINT "Replay_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE CASCADE ON UPDATE CASCADE;
